// Poppler's command-line tools (poppler-utils) on PDF bytes, for the tests of src/pdf and the
// forms routes: text as pdftotext extracts it, the page count as pdfinfo reads it, pages rendered
// to PNG by pdftoppm. A missing tool fails the test (it is in the Makefile's APT_PACKAGES).
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace rattvag::testing {

// A directory of its own, removed at the end.
class PdfScratch {
 public:
  PdfScratch() {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() / ("rattvag-pdf-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  ~PdfScratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::filesystem::path& dir() const { return dir_; }

  // Writes `bytes` as <name>.pdf and returns its path.
  std::string Write(const std::string& bytes, const std::string& name = "doc") const {
    const auto path = dir_ / (name + ".pdf");
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

 private:
  std::filesystem::path dir_;
};

// Runs a shell command (bounded by `timeout`), returning its standard output and exit status.
inline std::pair<std::string, int> RunTool(const std::string& command) {
  std::string out;
  FILE* pipe = popen(("timeout 60 " + command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return {"", -1};
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {out, WEXITSTATUS(status)};
}

// The text of the PDF at `path` (pages `first`..`last`, 0: all), as pdftotext extracts it.
inline std::string PdfText(const std::string& path, int first = 0, int last = 0) {
  std::string range = first > 0 ? " -f " + std::to_string(first) + " -l " + std::to_string(last) : "";
  auto [out, status] = RunTool("pdftotext -enc UTF-8" + range + " '" + path + "' -");
  EXPECT_EQ(status, 0) << "pdftotext failed on " << path;
  return out;
}

// A field of pdfinfo's output ("Pages", "Title", ...), or empty.
inline std::string PdfInfo(const std::string& path, const std::string& field) {
  auto [out, status] = RunTool("pdfinfo -isodates '" + path + "'");
  EXPECT_EQ(status, 0) << "pdfinfo failed on " << path;
  const std::string key = "\n" + field + ":";
  const size_t at = ("\n" + out).find(key);
  if (at == std::string::npos) return "";
  size_t start = at + key.size() - 1;
  while (start < out.size() && out[start] == ' ') ++start;
  return out.substr(start, out.find('\n', start) - start);
}

// Renders every page to PNG with pdftoppm (at a low resolution) and returns the files made.
inline std::vector<std::filesystem::path> PdfToPng(const std::string& path, const std::filesystem::path& dir) {
  const std::string prefix = (dir / "page").string();
  auto [out, status] = RunTool("pdftoppm -png -r 30 '" + path + "' '" + prefix + "'");
  EXPECT_EQ(status, 0) << "pdftoppm failed on " << path;
  std::vector<std::filesystem::path> pngs;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".png") pngs.push_back(entry.path());
  std::sort(pngs.begin(), pngs.end());
  return pngs;
}

// True when the file starts with the PNG signature and is more than a blank header.
inline bool LooksLikePng(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(8, '\0');
  in.read(head.data(), 8);
  return head == std::string("\x89PNG\r\n\x1a\n", 8) && std::filesystem::file_size(path) > 200;
}

}  // namespace rattvag::testing
