using ArcNet.Models.Omniglot;
using ArcNet.Tests.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Models;

/// <summary>
/// README's "Quick start": its code block, compiled and run here on two drawings of one held-out Balinese character
/// (named as the README names them), and compared with the README word for word.
/// </summary>
public sealed class ReadmeQuickStartTests
{
    private const string Section = "## Quick start: a pretrained comparator";

    [Fact]
    public void The_pretrained_comparator_finds_two_drawings_of_one_character_alike()
    {
        // The README reads a.png and b.png from the current folder.
        File.WriteAllBytes("a.png", OmniglotTestData.Png("Balinese/character01/0108_01.png"));
        File.WriteAllBytes("b.png", OmniglotTestData.Png("Balinese/character01/0108_02.png"));

        // README usage begins
        using var comparator = OmniglotModel.Load();
        double similarity = comparator.Similarity("a.png", "b.png");   // 0 to 1: how likely both show the same character
        Console.WriteLine(similarity);
        // README usage ends

        similarity.Should().BeGreaterThan(comparator.Similarity("a.png", Path.Combine(Folder(), "other.png")));
    }

    [Fact]
    public void The_readme_shows_the_code_that_runs_here()
    {
        var expected = "using ArcNet.Models.Omniglot;\n\n" + ReadmeCode.Usage(Path.Combine("Models", "ReadmeQuickStartTests.cs"));

        ReadmeCode.Blocks(Section).Should().Equal(expected);
    }

    /// <summary>A folder holding a drawing of another Balinese character, other.png.</summary>
    private static string Folder()
    {
        string folder = OmniglotTestData.TempFolder();
        File.WriteAllBytes(Path.Combine(folder, "other.png"), OmniglotTestData.Png("Balinese/character02/0109_01.png"));
        return folder;
    }
}
