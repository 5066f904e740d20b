using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests;

/// <summary>
/// README and the documents beside it link to each other's sections (the measurement record holds what README
/// summarises): every relative link must name a file of the repository, and every #fragment a heading of that file.
/// </summary>
public partial class ReadmeLinksTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/results.md")]
    [InlineData("docs/architecture.md")]
    public void Every_relative_link_names_a_file_and_a_heading_that_exist(string document)
    {
        string path = Path.Combine(AppContext.BaseDirectory, document);
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(path)))
        {
            string target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal))
                continue;
            var parts = target.Split('#', 2);                  // file, then the heading's anchor if there is one
            string file = parts[0];
            string resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
                broken.Add($"{target}: no file {file}");
            else if (parts.Length == 2 && !Anchors(resolved).Contains(parts[1]))
                broken.Add($"{target}: no such heading in {(file.Length == 0 ? document : file)}");
        }
        broken.Should().BeEmpty($"{document}'s links should lead somewhere");
    }

    [Theory]
    [InlineData("## The sample: `arcnet-omniglot`", "the-sample-arcnet-omniglot")]
    [InlineData("## Screens on the paper's background set", "screens-on-the-papers-background-set")]
    [InlineData("### The minimal protocol (29-30 November; checked again 3 and 5 December)", "the-minimal-protocol-29-30-november-checked-again-3-and-5-december")]
    public void A_heading_is_linked_by_GitHubs_anchor_for_it(string heading, string anchor) =>
        Anchor(heading).Should().Be(anchor);

    /// <summary>The anchors GitHub gives a Markdown file's headings; a line in a fenced code block is not one.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>();
        bool fenced = false;
        foreach (string line in File.ReadLines(markdown))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
                fenced = !fenced;
            else if (!fenced && line.StartsWith('#'))
                anchors.Add(Anchor(line));
        }
        return anchors;
    }

    /// <summary>GitHub's anchor of a heading line: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens.</summary>
    private static string Anchor(string heading)
    {
        var anchor = new StringBuilder();
        foreach (char c in heading.TrimStart('#').Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
                anchor.Append(c);
            else if (c == ' ')
                anchor.Append('-');
        }
        return anchor.ToString();
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
