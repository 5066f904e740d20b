using ArcNet.Modules;
using ArcNet.OneShot;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.OneShot;

[Collection(GlobalRandomState.Name)]
public sealed class FullContextArcTests
{
    [Fact]
    public void Support_logits_compare_every_support_of_a_set_with_every_other_of_the_same_set()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(TinyModels.Lite, seed: 8);
        using var random = new Generator(8);
        var support = randn(6, 1, 32, 32, generator: random);                  // two sets of three

        var logits = FullContextArc.SupportLogits((ArcNetwork)comparator.Network, support, sets: 2);

        logits.shape.Should().Equal(2, 3, 3);
        for (int set = 0; set < 2; set++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                {
                    float expected = comparator.Similarity(support[(set * 3 + k)..(set * 3 + k + 1)], support[(set * 3 + j)..(set * 3 + j + 1)]).item<float>();
                    logits[set, j, k].sigmoid().item<float>().Should().BeApproximately(expected, 1e-5f, $"set {set}, pair (support {k}, support {j})");
                }
    }

    [Theory]
    [InlineData(FullContextForm.ContextCorrection)]
    [InlineData(FullContextForm.Paper)]
    public void Every_form_round_trips_through_its_file(FullContextForm form)
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(Directory.CreateTempSubdirectory("arcnet-context").FullName, "model.context");
        using var comparator = new ArcComparator(TinyModels.Lite, seed: 9);
        using var random = new Generator(9);
        using var saved = new FullContextArc(TinyModels.Lite.HiddenSize, seed: 9, form: form);
        var (queries, support) = (randn(2, 1, 32, 32, generator: random), randn(4, 1, 32, 32, generator: random));

        saved.Save(path);
        using var loaded = FullContextArc.Load(path);

        loaded.Form.Should().Be(form);
        loaded.Network.Should().BeOfType(form == FullContextForm.Paper ? typeof(FullContextNetwork) : typeof(ContextCorrectionNetwork));
        new OneShotClassifier(comparator, loaded).Scores(queries, support)
            .allclose(new OneShotClassifier(comparator, saved).Scores(queries, support), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void A_context_model_loaded_inside_a_dispose_scope_keeps_its_weights_when_the_scope_ends()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("arcnet-context").FullName, "model.context");
        using (var saved = new FullContextArc(TinyModels.Lite.HiddenSize, seed: 10))
            saved.Save(path);

        FullContextArc loaded;
        using (NewDisposeScope())
            loaded = FullContextArc.Load(path);

        using (loaded)
        using (var reference = FullContextArc.Load(path))
            loaded.Network.state_dict().Keys.Should().Equal(reference.Network.state_dict().Keys).And.Contain(["h0", "c0"]);
    }
}
