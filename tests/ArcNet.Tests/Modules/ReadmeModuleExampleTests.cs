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

    [Fact]
    public void The_example_model_trains_in_its_own_loop_from_a_trained_comparator()
    {
        string omniglotZip = OmniglotTestData.Small1;
        string modelFile = Path.Combine(OmniglotTestData.TempFolder(), "omniglot.arc");
        using (var saved = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 2 }, seed: 1))
            saved.Save(modelFile);
        int steps = 3;

        // README usage begins
        using var data = ImageDataset.Load(omniglotZip);                      // e.g. images_background_small1.zip
        using var trained = ArcComparator.Load(modelFile);                      // optional: start from a trained plain ARC
        using var model = new SymmetricArc((PlainArcOptions)trained.Options);
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
        var blocks = ReadmeCode.Blocks(Section);

        blocks.Should().HaveCount(2);
        blocks[0].Should().Be(ReadmeCode.Source(Path.Combine("Modules", "ReadmeModuleExample.cs")));
        blocks[1].Should().Be(ReadmeCode.Usage(Path.Combine("Modules", "ReadmeModuleExampleTests.cs")));
    }
}
