#include "markdown_output.hpp"

#include "command_support.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/cli/markdown_blocks.hpp"
#include "merrow/parser/parse.hpp"
#include "parallel_render.hpp"

#include <filesystem>
#include <iostream>

namespace merrow::cli::detail {

namespace fs = std::filesystem;

namespace {

std::string lower_extension(std::string_view path) {
    std::string ext = fs::path(path).extension().string();
    for (char& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return ext;
}

/// Markdown's image syntax needs `]`, `\` and `"` escaped in the text and title, and a
/// destination in <…> when it has spaces or parentheses.
std::string escape(std::string_view text, std::string_view special) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        if (special.find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string image_link(const std::string& url, const std::string& alt, const std::string& title) {
    std::string destination = url;
    if (url.find_first_of(" ()<>") != std::string::npos) {
        destination = "<" + escape(url, "<>\\") + ">";
    }
    std::string link = "![" + escape(alt, "[]\\") + "](" + destination;
    if (!title.empty()) {
        link += " \"" + escape(title, "\"\\") + "\"";
    }
    return link + ")";
}

/// What stands before the fence on its line: list markers, `>` and indentation, kept so the
/// image stays inside the same list item or quote.
std::string_view fence_prefix(std::string_view markdown, const MermaidBlock& block) {
    const std::string_view line = markdown.substr(block.begin_offset);
    const std::size_t fence = line.find_first_of("`~");
    return line.substr(0, fence == std::string_view::npos ? 0 : fence);
}

} // namespace

bool is_markdown_path(std::string_view path) {
    const std::string ext = lower_extension(path);
    return ext == ".md" || ext == ".markdown";
}

std::string numbered_image_path(const std::string& output, std::size_t number,
                                std::string_view extension) {
    const fs::path path(output);
    const std::string ext = lower_extension(output);
    const bool known =
        ext == ".md" || ext == ".markdown" || ext == ".svg" || ext == ".png" || ext == ".pdf";
    fs::path stem = known ? path.parent_path() / path.stem() : path;
    return stem.string() + "-" + std::to_string(number) + "." + std::string(extension);
}

int render_markdown(std::string_view markdown, const MarkdownRender& job) {
    const std::vector<MermaidBlock> blocks = find_mermaid_blocks(markdown);
    const std::string_view extension = format_name(job.options.format);
    std::vector<RenderJob> jobs;
    std::vector<std::string> image_paths;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        std::string path = numbered_image_path(job.output, i + 1, extension);
        if (!job.artefacts.empty()) {
            path = (fs::path(job.artefacts) / fs::path(path).filename()).string();
        }
        image_paths.push_back(path);
        RenderJob render_job;
        render_job.source = blocks[i].text;
        render_job.options = job.options;
        if (const std::string theme = blocks[i].attribute("theme"); !theme.empty()) {
            render_job.options.config.theme = theme;
        }
        jobs.push_back(std::move(render_job));
    }

    // Everything in memory first: a broken diagram leaves no file behind.
    ParallelRenderer renderer;
    const std::vector<RenderJobResult> results = renderer.render(jobs);
    bool failed = false;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        std::vector<model::Diagnostic> mapped;
        for (const model::Diagnostic& d : results[i].result.diagnostics) {
            mapped.push_back(to_file_position(blocks[i], d));
        }
        print_diagnostics(mapped, job.input_name, markdown, job.quiet, job.verbose);
        failed = failed || !results[i].result.ok;
    }
    if (failed) {
        return exit_diagram_error;
    }

    std::string error;
    if (!job.artefacts.empty()) {
        std::error_code ec;
        fs::create_directories(job.artefacts, ec);
    }
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (!write_file_atomically(image_paths[i], results[i].result.output, error)) {
            std::cerr << "merrow: cannot write `" << image_paths[i] << "`: " << error << '\n';
            return exit_io;
        }
    }
    if (!is_markdown_path(job.output)) {
        return exit_ok;
    }

    // The document with each block replaced by an image link (a relative URL, as mmdc writes).
    const fs::path output_dir = fs::absolute(job.output).parent_path();
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const MermaidBlock& block = blocks[i];
        out.append(markdown.substr(copied, block.begin_offset - copied));
        const std::string url =
            "./" + fs::absolute(image_paths[i]).lexically_relative(output_dir).generic_string();
        // Alt text and title as mmdc takes them: accDescr (or "diagram") and accTitle.
        std::string alt = block.attribute("alt");
        std::string title;
        parser::ParseOptions parse_options;
        parse_options.base_config = job.options.config;
        if (const auto parsed = parser::parse(block.text, parse_options); parsed.diagram) {
            if (alt.empty()) {
                alt = parsed.diagram->acc_descr;
            }
            title = !parsed.diagram->acc_title.empty() ? parsed.diagram->acc_title
                                                       : parsed.diagram->title;
        }
        out += fence_prefix(markdown, block);
        out += image_link(url, alt.empty() ? "diagram" : alt, title);
        // Keep the file's line endings, and what followed an unclosed block's last line.
        const std::string_view replaced =
            markdown.substr(block.begin_offset, block.end_offset - block.begin_offset);
        if (replaced.ends_with("\r\n")) {
            out += "\r\n";
        } else if (replaced.ends_with("\n")) {
            out += "\n";
        }
        copied = block.end_offset;
    }
    out.append(markdown.substr(copied));
    if (!write_file_atomically(job.output, out, error)) {
        std::cerr << "merrow: cannot write `" << job.output << "`: " << error << '\n';
        return exit_io;
    }
    return exit_ok;
}

} // namespace merrow::cli::detail
