using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.Training;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.IO;

/// <summary>
/// Files written by earlier versions of ArcNet keep loading. The fixtures in Fixtures/ were written by the code of
/// commit 5f02c23 (model file format 1); the similarities below are what that code computed for them.
/// </summary>
public class ModelFileCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "IO", "Fixtures");

    /// <summary>The fixture comparator: <c>new ArcComparator(Written, seed: 1) { PixelMean = 0.08 }</c>.</summary>
    private static readonly ArcOptions Written = new() { HiddenSize = 8, GlimpsesPerImage = 1 };

    /// <summary>Its similarities on <see cref="FixedPairs"/>, as printed by the code that wrote it.</summary>
    private static readonly float[] WrittenSimilarities = [0.5521749f, 0.5987184f];

    [Fact]
    public void A_comparator_written_in_format_1_loads_and_gives_the_similarities_it_gave_when_saved()
    {
        using var comparator = ArcComparator.Load(Path.Combine(Fixtures, "comparator-format1.arc"));
        using var scope = NewDisposeScope();
        var (first, second) = FixedPairs();

        var similarity = comparator.Similarity(first, second);

        comparator.Options.Should().Be(Written);
        comparator.PixelMean.Should().Be(0.08);
        comparator.Preprocessing.Should().Be(ImagePreprocessing.Omniglot, "files from before colour and inversion settings were trained on inverted gray");
        similarity.allclose(tensor(WrittenSimilarities), rtol: 0, atol: 1e-6).Should().BeTrue(
            $"the loaded model gives [{string.Join(", ", similarity.data<float>().ToArray())}]");
    }

    [Fact]
    public void A_training_checkpoint_written_in_format_1_resumes()
    {
        string path = Path.Combine(Fixtures, "checkpoint-format1.arc.checkpoint");
        using var current = new ArcNetwork(Written);
        using var best = new ArcNetwork(Written);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);

        var state = TrainingCheckpoint.Read(path, Written, current, best, optimizer);

        state.Step.Should().Be(7);
        state.PixelMean.Should().Be(0.08);
        state.Best.Should().Be(new ValidationScore(5, 0.69, 0.5, true));
    }

    [Fact]
    public void State_dict_keys_shapes_and_order_are_those_of_format_1()
    {
        var actual = new List<string>();
        void Describe(string title, nn.Module module)
        {
            actual.Add($"# {title}");
            actual.AddRange(module.state_dict().Select(entry => $"{entry.Key} ({string.Join(", ", entry.Value.shape)})"));
        }
        using (var plain = new ArcNetwork(Written))
            Describe("plain ARC, hidden 8", plain);
        using (var conv = new ArcNetwork(ArcOptions.ConvArc with { HiddenSize = 8, Head = SimilarityHeadKind.Mlp, ParameterMapping = GlimpseParameterMapping.Tanh }))
            Describe("ConvARC, hidden 8, MLP head, tanh map", conv);
        using (var context = new FullContextNetwork(8))
            Describe("Full Context ARC, representation 8", context);

        actual.Should().Equal(File.ReadAllLines(Path.Combine(Fixtures, "state-dict-keys.txt")));
    }

    /// <summary>Two fixed pairs of 32 x 32 images that need no random generator: a ramp and its reflection.</summary>
    private static (Tensor First, Tensor Second) FixedPairs()
    {
        var first = arange(2 * 32 * 32, dtype: float32).reshape(2, 1, 32, 32) / 2048f;
        return (first, first.flip(2, 3));
    }
}
