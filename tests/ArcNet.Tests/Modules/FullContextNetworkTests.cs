using ArcNet.Modules;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

public sealed class FullContextNetworkTests
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

        var context = FullContextNetwork.SupportContextOf(logits);

        context.shape.Should().Equal(1, 3, FullContextNetwork.SupportContextFeatures);
        // Support 0: column 0 without the diagonal is 3, 5; row 0 is 1, 2.
        context[0, 0].data<float>().ToArray().Should().Equal(4f, 5f, 1.5f, 2f);
        context[0, 1].data<float>().ToArray().Should().Equal(3.5f, 6f, 3.5f, 4f);
        context[0, 2].data<float>().ToArray().Should().Equal(3f, 4f, 5.5f, 6f);
    }

    [Fact]
    public void A_single_support_has_no_others_and_a_zero_context()
    {
        using var scope = NewDisposeScope();

        var context = FullContextNetwork.SupportContextOf(full(2, 1, 1, 7f));

        context.shape.Should().Equal(2, 1, FullContextNetwork.SupportContextFeatures);
        context.abs().sum().item<float>().Should().Be(0);
    }

    [Fact]
    public void Logits_that_are_not_square_are_refused()
    {
        var support = () => FullContextNetwork.SupportContextOf(zeros(2, 3, 4));

        support.Should().Throw<ArgumentException>().WithMessage("*square (..., K, K)*[2, 3, 4]*");
    }

    [Theory]
    [InlineData(false, false, 16)]
    [InlineData(true, false, 17)]
    [InlineData(true, true, 21)]
    public void Each_form_reads_its_own_number_of_features_and_names_them_when_given_others(bool residual, bool supportContext, int features)
    {
        using var scope = NewDisposeScope();
        using var network = new FullContextNetwork(16, residual, supportContext);

        network.call(rand(2, 5, features)).shape.Should().Equal(2, 5);
        var wrong = () => network.call(rand(2, 5, features + 1));
        wrong.Should().Throw<ArgumentException>("a form reads exactly its own features").WithMessage($"Expected relations (B, K, {features}): h_T*got [2, 5, {features + 1}].*");
    }
}
