using FluentAssertions;

namespace ArcNet.Tests;

/// <summary>
/// README's C# examples as the tests that compile and run them see them: a section's code blocks, and the lines of a
/// test between its usage markers, both normalised so that they compare word for word.
/// </summary>
public static class ReadmeCode
{
    public const string UsageBegins = "// README usage begins";
    public const string UsageEnds = "// README usage ends";

    /// <summary>The C# blocks of the README section titled <paramref name="title"/>.</summary>
    public static List<string> Blocks(string title)
    {
        var lines = Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"))).Split('\n');
        int start = Array.IndexOf(lines, title);
        start.Should().BeGreaterThan(0, $"README has a section '{title}'");
        var blocks = new List<string>();
        List<string>? block = null;
        foreach (string line in lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (block is null && line == "```csharp")
                block = [];
            else if (block is not null && line == "```")
            {
                blocks.Add(string.Join('\n', block));
                block = null;
            }
            else
                block?.Add(line);
        }
        return blocks;
    }

    /// <summary>The lines between the usage markers of the source file at <paramref name="relativePath"/> (copied beside the tests), without their indentation.</summary>
    public static string Usage(string relativePath)
    {
        var lines = Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath))).Split('\n');
        int begin = Array.FindIndex(lines, line => line.Trim() == UsageBegins);
        int end = Array.FindIndex(lines, line => line.Trim() == UsageEnds);
        string indent = lines[begin][..lines[begin].IndexOf(UsageBegins, StringComparison.Ordinal)];
        return string.Join('\n', lines[(begin + 1)..end].Select(line => line.StartsWith(indent, StringComparison.Ordinal) ? line[indent.Length..] : line));
    }

    /// <summary>The text of the source file at <paramref name="relativePath"/>, normalised like the README's blocks.</summary>
    public static string Source(string relativePath) => Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)));

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
}
