using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.OneShot;
using ArcNet.Training;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.IO;

/// <summary>
/// Files written by earlier versions of ArcNet keep loading. The fixtures in Fixtures/ are format 1: the plain ARC
/// comparator and checkpoint were written by the code of commit 5f02c23, the ConvARC-lite, prototypical and Full Context
/// ones by commit 53de467, the last before each model had its own options; the numbers below are what that code
/// computed for them.
/// </summary>
public class ModelFileCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "IO", "Fixtures");

    // The fixtures' trunks are 8 channels wide, as the tiny models were when they were written.
    private static readonly ConvArcLiteOptions Format1Lite = new() { TrunkChannels = 8, AttentionChannels = 4, HiddenSize = 8, GlimpsesPerImage = 1 };
    private static readonly PrototypicalOptions Format1Prototypical = new() { TrunkChannels = 8 };

    /// <summary>What each fixture comparator is, and its similarities on <see cref="FixedPairs"/> as printed by the code that wrote it.</summary>
    public static TheoryData<string, ComparatorOptions, float[]> Comparators => new()
    {
        // new ArcComparator(new ArcOptions { HiddenSize = 8, GlimpsesPerImage = 1 }, seed: 1) { PixelMean = 0.08 }, on the ramps.
        { "comparator-format1.arc", new PlainArcOptions { HiddenSize = 8, GlimpsesPerImage = 1 }, [0.5521749f, 0.5987184f] },
        // ArcOptions.LightConvArc with { TrunkChannels = 8, AttentionChannels = 4, HiddenSize = 8, GlimpsesPerImage = 1 }, seed 1,
        // batch statistics from three training-mode batches: on the two ramps below.
        { "lite-format1.arc", Format1Lite, [0.81066567f, 0.8108502f] },
        { "protonet-format1.arc", Format1Prototypical, [0.8834945f, 0.8836498f] },
    };

    [Theory]
    [MemberData(nameof(Comparators))]
    public void A_comparator_written_in_format_1_loads_as_its_model_and_gives_the_similarities_it_gave_when_saved(string file, ComparatorOptions model, float[] written)
    {
        using var comparator = ArcComparator.Load(Path.Combine(Fixtures, file));
        using var scope = NewDisposeScope();
        var (first, second) = file == "comparator-format1.arc" ? FixedPairs() : Ramps();

        var similarity = comparator.Similarity(first, second);

        comparator.Options.Should().Be(model);
        comparator.PixelMean.Should().Be(0.08);
        comparator.Preprocessing.Should().Be(ImagePreprocessing.Omniglot, "files from before colour and inversion settings were trained on inverted gray");
        similarity.allclose(tensor(written), rtol: 0, atol: 1e-6).Should().BeTrue(
            $"the loaded model gives [{string.Join(", ", similarity.data<float>().ToArray())}]");
    }

    [Fact]
    public void A_full_context_model_written_in_format_1_gives_the_scores_it_gave_when_saved()
    {
        using var comparator = ArcComparator.Load(Path.Combine(Fixtures, "lite-format1.arc"));
        using var context = FullContextArc.Load(Path.Combine(Fixtures, "context-format1.context"));
        using var scope = NewDisposeScope();
        var (first, second) = Ramps();

        var scores = new OneShotClassifier(comparator, context).Scores(first.flip(3), cat(new[] { first, second }, 0));

        float[] written = [0.2576912f, 0.25054854f, 0.24650893f, 0.24525142f, 0.25738367f, 0.2506449f, 0.24657936f, 0.24539204f];
        scores.flatten().allclose(tensor(written), rtol: 0, atol: 1e-6).Should().BeTrue($"the loaded model gives [{string.Join(", ", scores.data<float>().ToArray())}]");
    }

    [Fact]
    public void A_training_checkpoint_written_in_format_1_resumes()
    {
        string path = Path.Combine(Fixtures, "checkpoint-format1.arc.checkpoint");
        var written = new PlainArcOptions { HiddenSize = 8, GlimpsesPerImage = 1 };
        using var current = ArcNetwork.PlainArc(written);
        using var best = ArcNetwork.PlainArc(written);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);

        var state = TrainingCheckpoint.Read(path, written, current, best, optimizer);

        state.Options.Should().Be(written);
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
        using (var plain = ArcNetwork.PlainArc(TinyModels.Plain))
            Describe("plain ARC, hidden 8", plain);
        using (var conv = ArcNetwork.ConvArc(TinyModels.Conv with { BoundedWindow = true }))
            Describe("ConvARC, hidden 8, tanh map", conv);
        using (var lite = ArcNetwork.ConvArcLite(Format1Lite))
            Describe("ConvARC-lite, 8-channel trunk reduced to 4, hidden 8", lite);
        using (var prototypical = ComparatorNetwork.Prototypical(Format1Prototypical))
            Describe("prototypical network, 8-channel trunk", prototypical);
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

    /// <summary>Two ramps of different slopes and their reflections, so that the pairs differ for a model over a trunk.</summary>
    private static (Tensor First, Tensor Second) Ramps()
    {
        var ramp = arange(32 * 32, dtype: float32).reshape(1, 1, 32, 32) / 1024f;
        var first = cat(new[] { ramp, (ramp * 3).remainder(1f) }, 0);
        return (first, first.flip(2, 3));
    }
}
