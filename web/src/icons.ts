// FKUI's icons (@fkui/icon-lib-default) as an SVG sprite in the page. The library's own
// injectSpritesheet() writes markup with a <style> element and inline style attributes, which
// our Content Security Policy (style-src 'self') refuses; so the sprite's text is rewritten
// first, before anything parses it: the one style rule (`.i{fill:currentColor}`) and every
// style attribute become the SVG presentation attributes they name (fill, fill-rule, …).
import sprite from "@fkui/icon-lib-default/dist/f/spritesheet.svg?raw";

export function withoutInlineStyles(svg: string): string {
    return svg
        .replace(/<style>\.i\{fill:currentColor\}<\/style>/g, "")
        .replace(/class="i"/g, 'fill="currentColor"')
        .replace(/style="([^"]*)"/g, (_all, declarations: string) =>
            declarations
                .split(";")
                .map((d) => d.split(":").map((part) => part.trim()))
                .filter(([name, value]) => /^[a-z-]+$/.test(name ?? "") && value)
                .map(([name, value]) => `${name}="${value}"`)
                .join(" "),
        );
}

export function injectIcons(): void {
    if (document.getElementById("rv-icon-sprite")) return;
    const text = withoutInlineStyles(sprite);
    if (/<style|style=/.test(text)) throw new Error("the icon sprite still has inline styles");
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    svg.setAttribute("id", "rv-icon-sprite");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("class", "rv-icon-sprite");
    document.body.prepend(document.importNode(svg, true));
}
