// The Hugo code-block render hook that `merrow hugo init` installs, and where it goes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::cli::detail {

/// The template (render-codeblock-mermaid.html). It computes the same key as
/// mermaid_block_key() from `.Inner` and inlines assets/mermaid/<key>.svg (or links it with
/// `{render="img"}`, or a .png); in production a missing file is a build error.
std::string_view hugo_render_hook();

/// Earlier versions merrow installed: a copy equal to one of these is not the user's, so
/// `merrow hugo init` may replace it.
const std::vector<std::string_view>& hugo_render_hook_history();

struct HugoVersion {
    int major = 0;
    int minor = 0;
    int patch = 0;
};

/// Parses "0.111.3", "v0.146.0" or the output of `hugo version`.
std::optional<HugoVersion> parse_hugo_version(std::string_view text);

/// The hook's path inside the site for this Hugo version: layouts/_default/_markup/ before
/// 0.146 (the template system rewrite), layouts/_markup/ from 0.146 on.
std::string hugo_hook_path(const HugoVersion& version);

/// Both places a hook may be installed, newest layout first.
std::vector<std::string> hugo_hook_paths();

} // namespace merrow::cli::detail
