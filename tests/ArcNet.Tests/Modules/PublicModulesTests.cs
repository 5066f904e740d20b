using ArcNet.Attention;
using ArcNet.Modules;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

/// <summary>The modules a user composes behave as the comparator built from them does.</summary>
public class PublicModulesTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

    [Fact]
    public void The_comparators_network_gives_its_similarities_as_logits()
    {
        using var comparator = new ArcComparator(Small, seed: 3);
        using var scope = NewDisposeScope();
        var (first, second) = (rand(4, 1, 32, 32), rand(4, 1, 32, 32));

        using (no_grad())
            comparator.Network.call(first, second).sigmoid().allclose(comparator.Similarity(first, second)).Should().BeTrue();
    }

    [Fact]
    public void A_network_loads_a_comparators_weights_by_their_state_dict_keys()
    {
        using var comparator = new ArcComparator(Small, seed: 3);
        using var network = ArcNetwork.PlainArc(Small);
        using var scope = NewDisposeScope();
        var (first, second) = (rand(4, 1, 32, 32), rand(4, 1, 32, 32));

        network.load_state_dict(comparator.Network.state_dict());
        network.eval();

        using (no_grad())
            network.Represent(first, second).allclose(((ArcNetwork)comparator.Network).Represent(first, second)).Should().BeTrue();
    }

    [Fact]
    public void Each_factory_builds_the_model_of_its_options()
    {
        using var plain = ArcNetwork.PlainArc();
        using var conv = ArcNetwork.ConvArc(TinyModels.Conv);
        using var lite = ArcNetwork.ConvArcLite(TinyModels.Lite);
        using var prototypical = ComparatorNetwork.Prototypical(TinyModels.Prototypical);

        plain.Options.Should().Be(new PlainArcOptions());
        conv.Options.Should().Be(TinyModels.Conv);
        lite.Options.Should().Be(TinyModels.Lite);
        prototypical.Options.Should().Be(TinyModels.Prototypical);
        prototypical.Should().NotBeAssignableTo<ArcNetwork>("a prototypical network has no controller to give representations or traces");
    }

    [Fact]
    public void The_trunks_and_the_mix_have_the_shapes_their_documentation_gives()
    {
        using var scope = NewDisposeScope();
        using var light = new LightConvTrunk(imageChannels: 1, channels: 8, attendedBlocks: 2);
        using var wide = new WideResNetTrunk(imageChannels: 3, dropout: 0.3);
        using var mix = new SimilarityMix(controllerShare: 0.5);
        wide.eval();
        mix.eval();

        var (maps, embedding) = light.call(rand(2, 1, 32, 32));
        maps.shape.Should().Equal(2, 8, 8, 8);
        embedding.shape.Should().Equal(2, 8 * 2 * 2);
        wide.call(rand(2, 3, 32, 32)).shape.Should().Equal(2, 64, 16, 16);
        mix.call(zeros(5), zeros(5)).shape.Should().Equal(5);
        mix.Calibrated(zeros(5)).shape.Should().Equal(5);
    }

    [Fact]
    public void Parts_have_the_shapes_their_documentation_gives()
    {
        using var scope = NewDisposeScope();
        var (first, second) = (rand(3, 1, 32, 32), rand(3, 1, 32, 32));
        using var controller = new ArcController(Small, attendedChannels: 1);
        using var verification = new VerificationHead(16);
        using var paper = new FullContextNetwork(16);
        using var correction = new ContextCorrectionNetwork(16);

        var hidden = controller.call(first, second);
        var logits = verification.call(hidden);

        hidden.shape.Should().Equal(3, 16);
        logits.shape.Should().Equal(3);
        var relations = cat(new[] { hidden, logits.unsqueeze(1) }, 1).view(1, 3, 17);     // one set of 3 supports
        paper.call(relations, zeros(1, 3, 3)).shape.Should().Equal(1, 3);
        correction.call(relations, zeros(1, 3, 3)).shape.Should().Equal(1, 3);
    }

    [Fact]
    public void The_glimpse_window_module_reads_each_channel_of_an_even_image_as_that_value()
    {
        using var window = new GlimpseWindow(glimpseSize: 5);
        using var scope = NewDisposeScope();
        // Channel c of each image is c / 4 everywhere; the filterbanks' rows each sum to one (but for their small epsilon),
        // wherever the window is, so every sample reads the channel's value.
        var images = arange(3, dtype: float32).div(4).view(1, 3, 1, 1).expand(2, 3, 20, 20).contiguous();
        var parameters = tensor(new float[] { 0.1f, -0.2f, 0.3f, -0.5f, 0.4f, 0.05f }).view(2, 3);

        var glimpses = window.call(images, parameters);

        glimpses.shape.Should().Equal(2, 3, 5, 5);
        glimpses.allclose(images[.., .., ..5, ..5], rtol: 0, atol: 1e-3).Should().BeTrue();
        window.parameters().Should().BeEmpty("the window has no weights");
    }

    [Fact]
    public void Public_constructors_refuse_options_out_of_range()
    {
        var network = () => ArcNetwork.PlainArc(Small with { HiddenSize = 0 });
        var controller = () => new ArcController(Small with { GlimpsesPerImage = 0 }, attendedChannels: 1);
        var window = () => new GlimpseWindow(0);
        var trunk = () => new LightConvTrunk(1, 8, attendedBlocks: 5);
        var mix = () => new SimilarityMix(controllerShare: 1.5);

        network.Should().Throw<ArgumentException>().WithMessage("*HiddenSize*");
        controller.Should().Throw<ArgumentException>().WithMessage("*GlimpsesPerImage*");
        window.Should().Throw<ArgumentOutOfRangeException>();
        trunk.Should().Throw<ArgumentOutOfRangeException>();
        mix.Should().Throw<ArgumentOutOfRangeException>();
    }
}
