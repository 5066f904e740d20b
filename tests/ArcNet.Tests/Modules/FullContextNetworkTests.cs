using ArcNet.Modules;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

public sealed class FullContextNetworkTests
{
    [Fact]
    public void The_papers_head_reads_h_T_alone()
    {
        using var scope = NewDisposeScope();
        using var head = new FullContextNetwork(16);
        using var random = new Generator(2);
        var relations = randn(2, 5, 17, generator: random);
        var otherLogits = relations.clone();
        otherLogits[.., .., -1] = randn(2, 5, generator: random);

        var logits = head.call(relations, randn(2, 5, 5, generator: random));

        logits.shape.Should().Equal(2, 5);
        head.call(otherLogits, randn(2, 5, 5, generator: random)).allclose(logits).Should().BeTrue("neither the similarity logit nor the support logits reach it");
        (logits >= -1).all().item<bool>().Should().BeTrue("it scores with an ELU, which stays above -1");
    }
}
