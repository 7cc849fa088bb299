// TLS for the server tests: a throwaway self-signed certificate made with the OpenSSL API, and
// a minimal HTTPS client (Boost.Beast's ssl_stream) that trusts exactly that certificate and
// checks that it names 127.0.0.1. Loopback only, bounded waits.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http_client.hpp"

namespace rattvag::testing {

// Writes a new P-256 key and a self-signed certificate for CN=localhost with the subject
// alternative names DNS:localhost and IP:127.0.0.1, valid for a day, as PEM files.
// Throws on failure (a test setup error).
inline void WriteSelfSignedCertificate(const std::string& cert_file, const std::string& key_file) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) throw std::runtime_error("cannot make a key or certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 60 * 60);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  if (!san) throw std::runtime_error("cannot make the subjectAltName");
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("cannot sign the certificate");
  FILE* out = std::fopen(cert_file.c_str(), "w");
  if (!out) throw std::runtime_error("cannot write " + cert_file);
  PEM_write_X509(out, cert.get());
  std::fclose(out);
  out = std::fopen(key_file.c_str(), "w");
  if (!out) throw std::runtime_error("cannot write " + key_file);
  PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
}

struct HttpsReply {
  HttpReply reply;
  int tls_version = 0;  // TLS1_2_VERSION, TLS1_3_VERSION, …
};

// One HTTPS request on a new connection to 127.0.0.1:`port`, trusting only `ca_file` and
// requiring it to name 127.0.0.1. `max_version` (e.g. TLS1_2_VERSION) caps what the client
// offers; 0 leaves OpenSSL's default. Throws boost::system::system_error when the handshake or
// the exchange fails.
inline HttpsReply HttpsSend(uint16_t port, boost::beast::http::verb verb, const std::string& target,
                            const std::string& ca_file, int max_version = 0, const std::string& body = "",
                            const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace bhttp = boost::beast::http;
  asio::io_context io;
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.load_verify_file(ca_file);
  context.set_verify_mode(asio::ssl::verify_peer);
  if (max_version != 0) {
    SSL_CTX_set_max_proto_version(context.native_handle(), max_version);
    if (max_version < TLS1_2_VERSION) {  // Let the client offer old versions, to see the server refuse them.
      SSL_CTX_set_min_proto_version(context.native_handle(), max_version);
      SSL_CTX_set_security_level(context.native_handle(), 0);
      SSL_CTX_set_cipher_list(context.native_handle(), "DEFAULT@SECLEVEL=0");
    }
  }
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  stream.handshake(asio::ssl::stream_base::client);
  bhttp::request<bhttp::string_body> request(verb, target, 11);
  request.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
  if (!body.empty()) request.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  bhttp::read(stream, buffer, response);
  HttpsReply r;
  r.reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response) r.reply.headers[std::string(field.name_string())] = std::string(field.value());
  r.reply.body = response.body();
  r.tls_version = SSL_version(stream.native_handle());
  beast::error_code ignored;
  stream.shutdown(ignored);
  return r;
}

}  // namespace rattvag::testing
