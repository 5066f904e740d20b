using ArcNet.Modules;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

public sealed class ContextCorrectionNetworkTests
{
    [Fact]
    public void The_support_context_gives_each_support_what_the_others_get_against_it_and_it_against_them()
    {
        using var scope = NewDisposeScope();
        // [j, k]: the logit of the pair (support k, support j); the diagonal compares a support with itself and is ignored.
        var logits = tensor(new float[,]
        {
            { 9, 1, 2 },
            { 3, 9, 4 },
            { 5, 6, 9 },
        }).unsqueeze(0);

        var context = ContextCorrectionNetwork.SupportContextOf(logits);

        context.shape.Should().Equal(1, 3, ContextCorrectionNetwork.SupportContextFeatures);
        // Support 0: column 0 without the diagonal is 3, 5; row 0 is 1, 2.
        context[0, 0].data<float>().ToArray().Should().Equal(4f, 5f, 1.5f, 2f);
        context[0, 1].data<float>().ToArray().Should().Equal(3.5f, 6f, 3.5f, 4f);
        context[0, 2].data<float>().ToArray().Should().Equal(3f, 4f, 5.5f, 6f);
    }

    [Fact]
    public void A_single_support_has_no_others_and_a_zero_context()
    {
        using var scope = NewDisposeScope();

        var context = ContextCorrectionNetwork.SupportContextOf(full(2, 1, 1, 7f));

        context.shape.Should().Equal(2, 1, ContextCorrectionNetwork.SupportContextFeatures);
        context.abs().sum().item<float>().Should().Be(0);
    }

    [Fact]
    public void Logits_that_are_not_square_are_refused()
    {
        var support = () => ContextCorrectionNetwork.SupportContextOf(zeros(2, 3, 4));

        support.Should().Throw<ArgumentException>().WithMessage("*square (..., K, K)*[2, 3, 4]*");
    }

    [Fact]
    public void An_untrained_head_gives_back_each_pairs_similarity_logit()
    {
        using var scope = NewDisposeScope();
        using var head = new ContextCorrectionNetwork(16);
        using var random = new Generator(1);
        var relations = randn(2, 5, 17, generator: random);

        var logits = head.call(relations, randn(2, 5, 5, generator: random));

        logits.allclose(relations[.., .., -1]).Should().BeTrue("its correction starts at zero, so it starts as the naive method");
    }

    [Fact]
    public void Inputs_of_another_shape_are_refused_naming_what_it_reads()
    {
        using var head = new ContextCorrectionNetwork(16);

        var wrongWidth = () => head.call(zeros(2, 5, 16), zeros(2, 5, 5));
        var wrongSupport = () => head.call(zeros(2, 5, 17), zeros(2, 5, 4));

        wrongWidth.Should().Throw<ArgumentException>().WithMessage("Expected relations (B, K, 17): h_T and the similarity logit of each of K pairs; got [2, 5, 16].*");
        wrongSupport.Should().Throw<ArgumentException>().WithMessage("Expected support logits (B, K, K) = [2, 5, 5]*got [2, 5, 4].*");
    }
}
