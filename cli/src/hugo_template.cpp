#include "hugo_template.hpp"

#include <cctype>
#include <charconv>

namespace merrow::cli::detail {

namespace {

// Go template functions used here all exist in Hugo 0.111 (no strings.TrimSpace, no
// hash.XxHash). The key must stay what mermaid_block_key() computes: sha256 of .Inner with
// CRLF made LF and trimmed, plus "\n%% theme: NAME" when the fence sets a theme. Every id in
// an SVG starts with "mermaid-" and the key's first 12 digits (hugo_site.cpp), which lets the
// template make them unique per block.
constexpr std::string_view render_hook_v1 =
    R"TEMPLATE({{- /* Installed by `merrow hugo init` (render hook v1). `merrow hugo render` writes
assets/mermaid/<key>.svg for every mermaid block; this template inlines it. The key is computed
exactly as merrow computes it: keep that part as it is. You may change the HTML around it:
`merrow hugo init` will not overwrite a changed copy. */ -}}
{{- $src := trim (replace .Inner "\r\n" "\n") " \t\r\n" -}}
{{- $keyed := $src -}}
{{- with .Attributes.theme }}{{ $keyed = printf "%s\n%%%% theme: %s" $src . }}{{ end -}}
{{- $key := sha256 $keyed -}}
{{- $file := resources.Get (printf "mermaid/%s.svg" $key) -}}
{{- if not $file }}{{ $file = resources.Get (printf "mermaid/%s.png" $key) }}{{ end -}}
{{- $class := trim (printf "mermaid-diagram %s" (.Attributes.class | default "")) " " -}}
{{- with $file -}}
  {{- if or (eq ($.Attributes.render | default "inline") "img") (ne .MediaType.SubType "svg") -}}
    {{- $published := . | fingerprint -}}
<figure class="{{ $class }}" data-mermaid-key="{{ $key }}"><img src="{{ $published.RelPermalink }}" alt="{{ $.Attributes.alt | default "diagram" }}" loading="lazy"></figure>
  {{- else -}}
    {{- /* Ids made unique per block, for a diagram shown twice on one page. */ -}}
    {{- $id := printf "mermaid-%s" (substr $key 0 12) -}}
<figure class="{{ $class }}" data-mermaid-key="{{ $key }}">{{ replace .Content $id (printf "%s-%d" $id $.Ordinal) | safeHTML }}</figure>
  {{- end -}}
{{- else -}}
  {{- if eq hugo.Environment "development" -}}
    {{- warnf "mermaid: no assets/mermaid/%s.svg yet for the diagram at %s; is `merrow hugo render --watch` running?" $key $.Position -}}
<pre class="mermaid-pending" data-mermaid-key="{{ $key }}">{{ $src }}</pre>
  {{- else -}}
    {{- errorf "mermaid: no pre-rendered assets/mermaid/%s.svg for the diagram at %s (first line %q). Run `merrow hugo render` before `hugo`." $key $.Position (index (split $src "\n") 0) -}}
  {{- end -}}
{{- end -}}
)TEMPLATE";

} // namespace

std::string_view hugo_render_hook() {
    return render_hook_v1;
}

const std::vector<std::string_view>& hugo_render_hook_history() {
    static const std::vector<std::string_view> history{render_hook_v1};
    return history;
}

std::optional<HugoVersion> parse_hugo_version(std::string_view text) {
    // The first "N.N" in the text ("hugo v0.111.3+extended linux/amd64 …").
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i])) == 0 ||
            (i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])) != 0)) {
            continue;
        }
        HugoVersion v;
        const char* p = text.data() + i;
        const char* end = text.data() + text.size();
        auto r = std::from_chars(p, end, v.major);
        if (r.ec != std::errc{} || r.ptr == end || *r.ptr != '.') {
            continue;
        }
        r = std::from_chars(r.ptr + 1, end, v.minor);
        if (r.ec != std::errc{}) {
            continue;
        }
        if (r.ptr != end && *r.ptr == '.') {
            const auto patch = std::from_chars(r.ptr + 1, end, v.patch);
            if (patch.ec != std::errc{}) {
                v.patch = 0;
            }
        }
        return v;
    }
    return std::nullopt;
}

std::string hugo_hook_path(const HugoVersion& version) {
    const bool new_layout = version.major > 0 || version.minor >= 146;
    return new_layout ? "layouts/_markup/render-codeblock-mermaid.html"
                      : "layouts/_default/_markup/render-codeblock-mermaid.html";
}

std::vector<std::string> hugo_hook_paths() {
    return {"layouts/_markup/render-codeblock-mermaid.html",
            "layouts/_default/_markup/render-codeblock-mermaid.html"};
}

} // namespace merrow::cli::detail
