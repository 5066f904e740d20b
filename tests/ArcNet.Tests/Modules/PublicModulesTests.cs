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
    private static readonly ArcOptions Small = new() { HiddenSize = 16, GlimpsesPerImage = 2 };

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
        using var network = new ArcNetwork(Small);
        using var scope = NewDisposeScope();
        var (first, second) = (rand(4, 1, 32, 32), rand(4, 1, 32, 32));

        network.load_state_dict(comparator.Network.state_dict());
        network.eval();

        using (no_grad())
            network.Represent(first, second).allclose(comparator.Network.Represent(first, second)).Should().BeTrue();
    }

    [Fact]
    public void Parts_have_the_shapes_their_documentation_gives()
    {
        using var scope = NewDisposeScope();
        var (first, second) = (rand(3, 1, 32, 32), rand(3, 1, 32, 32));
        using var controller = new ArcController(Small);
        using var verification = new VerificationHead(16);
        using var mlp = new MlpHead(16);
        using var context = new FullContextNetwork(16);

        var hidden = controller.call(first, second);

        hidden.shape.Should().Equal(3, 16);
        verification.call(hidden).shape.Should().Equal(3);
        mlp.call(hidden).shape.Should().Equal(3);
        context.call(hidden.view(1, 3, 16)).shape.Should().Equal(1, 3);
    }

    [Fact]
    public void The_glimpse_window_module_reads_what_Extract_reads()
    {
        using var window = new GlimpseWindow(glimpseSize: 5);
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 20, 20);
        var parameters = tensor(new float[] { 0.1f, -0.2f, 0.3f, -0.5f, 0.4f, 0.05f }).view(2, 3);

        window.call(images, parameters).allclose(GlimpseWindow.Extract(images, parameters, 5)).Should().BeTrue();
        window.parameters().Should().BeEmpty("the window has no weights");
    }

    [Fact]
    public void Public_constructors_refuse_options_out_of_range()
    {
        var network = () => new ArcNetwork(Small with { HiddenSize = 0 });
        var controller = () => new ArcController(Small with { GlimpsesPerImage = 0 });
        var window = () => new GlimpseWindow(0);

        network.Should().Throw<ArgumentException>().WithMessage("*HiddenSize*");
        controller.Should().Throw<ArgumentException>().WithMessage("*GlimpsesPerImage*");
        window.Should().Throw<ArgumentOutOfRangeException>();
    }
}
