using ArcNet.Data;
using ArcNet.Tests.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Modules;

/// <summary>
/// README's "ARC as a module in your own TorchSharp model": the model in <c>ReadmeModuleExample.cs</c> and the usage
/// below are its two code blocks, compiled and run here, and compared with the README word for word.
/// </summary>
public class ReadmeModuleExampleTests
{
    private const string Section = "## ARC as a module in your own TorchSharp model";
    private const string UsageBegins = "// README usage begins";
    private const string UsageEnds = "// README usage ends";

    [Fact]
    public void The_example_model_trains_in_its_own_loop_from_a_trained_comparator()
    {
        string omniglotZip = OmniglotTestData.Small1;
        string modelFile = Path.Combine(OmniglotTestData.TempFolder(), "omniglot.arc");
        using (var saved = new ArcComparator(new ArcOptions { HiddenSize = 16, GlimpsesPerImage = 2 }, seed: 1))
            saved.Save(modelFile);
        int steps = 3;

        // README usage begins
        using var data = ImageDataset.Load(omniglotZip);                      // e.g. images_background_small1.zip
        using var trained = ArcComparator.Load(modelFile);                      // optional: start from a trained ARC
        using var model = new SymmetricArc(trained.Options);
        model.Arc.load_state_dict(trained.Network.state_dict());                // same keys as in ArcNet's model files
        double loss = model.Train(data, steps);
        // README usage ends

        double.IsFinite(loss).Should().BeTrue();
        model.named_parameters().Select(p => p.name).Should().Contain(["arc.controller.lstm.weight", "head.weight"]);
        var start = trained.Network.state_dict();
        model.Arc.state_dict().Should().Contain(p => !p.Value.allclose(start[p.Key], 1e-5, 1e-8), "training moved ARC's own weights too");
    }

    [Fact]
    public void The_readme_shows_the_code_that_runs_here()
    {
        var blocks = CodeBlocks(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")), Section);

        blocks.Should().HaveCount(2);
        blocks[0].Should().Be(Normalise(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Modules", "ReadmeModuleExample.cs"))));
        blocks[1].Should().Be(Usage(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Modules", "ReadmeModuleExampleTests.cs"))));
    }

    /// <summary>The C# blocks of the README section titled <paramref name="title"/>.</summary>
    private static List<string> CodeBlocks(string readme, string title)
    {
        var lines = Normalise(readme).Split('\n');
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

    /// <summary>The lines between the usage markers of this file, without their indentation.</summary>
    private static string Usage(string source)
    {
        var lines = Normalise(source).Split('\n');
        int begin = Array.FindIndex(lines, line => line.Trim() == UsageBegins);
        int end = Array.FindIndex(lines, line => line.Trim() == UsageEnds);
        string indent = lines[begin][..lines[begin].IndexOf(UsageBegins, StringComparison.Ordinal)];
        return string.Join('\n', lines[(begin + 1)..end].Select(line => line.StartsWith(indent, StringComparison.Ordinal) ? line[indent.Length..] : line));
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
}
