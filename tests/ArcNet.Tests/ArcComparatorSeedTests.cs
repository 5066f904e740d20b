using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests;

[Collection(GlobalRandomState.Name)]
public class ArcComparatorSeedTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 64, GlimpsesPerImage = 4 };

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_outputs()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(42);
        var a = randn(4, 32, 32, generator: random);
        var b = randn(4, 32, 32, generator: random);
        using var one = new ArcComparator(Small, seed: 42);
        using var two = new ArcComparator(Small, seed: 42);
        using var other = new ArcComparator(Small, seed: 43);

        foreach (var (name, weight) in one.Network.state_dict())
            weight.allclose(two.Network.state_dict()[name]).Should().BeTrue(name);
        one.Similarity(a, b).allclose(two.Similarity(a, b)).Should().BeTrue();
        one.Network.state_dict()["controller.lstm.weight"].allclose(other.Network.state_dict()["controller.lstm.weight"]).Should().BeFalse();
    }
}
