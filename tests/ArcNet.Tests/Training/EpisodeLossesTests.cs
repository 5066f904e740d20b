using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

public sealed class EpisodeLossesTests
{
    [Fact]
    public void The_prototypical_loss_of_a_tiny_episode_is_the_hand_computed_cross_entropy_over_squared_distances()
    {
        using var scope = NewDisposeScope();
        var support = tensor(new float[,] { { 0, 0 }, { 2, 0 } });
        var queries = tensor(new float[,] { { 0, 1 }, { 1, 0 }, { 2, 1 }, { 0, 0 } });   // queries 0, 1 show character 0; 2, 3 character 1

        var loss = EpisodeLosses.Prototypical(support, queries, tensor(new long[] { 0, 0, 1, 1 }));

        // Squared distances to (support 0, support 1) and each query's loss -log softmax(-distances)[its character]:
        //   query 0 (0, 1): (1, 5), -log(e^-1 / (e^-1 + e^-5)) = log(1 + e^-4)
        //   query 1 (1, 0): (1, 1), log 2
        //   query 2 (2, 1): (5, 1), log(1 + e^-4)
        //   query 3 (0, 0): (0, 4), -log(e^-4 / (e^0 + e^-4)) = log(1 + e^4)
        double expected = (2 * Math.Log(1 + Math.Exp(-4)) + Math.Log(2) + Math.Log(1 + Math.Exp(4))) / 4;   // 1.186898...
        loss.item<float>().Should().BeApproximately((float)expected, 1e-5f);
    }

    [Fact]
    public void Ranking_and_verification_weigh_each_querys_right_support_as_much_as_all_its_wrong_ones()
    {
        using var scope = NewDisposeScope();
        // Two queries in a group of three: query 0 shows support 0, query 1 support 1.
        var logits = tensor(new float[,] { { 2, 0, 0 }, { 0, 0, 0 } });
        var (inGroup, same) = EpisodeLosses.Targets(tensor(new long[] { 0, 1 }), groupSize: 3);

        var terms = EpisodeLosses.RankAndVerify(logits, inGroup, same);

        double softplus(double x) => Math.Log(1 + Math.Exp(x));
        double ranking = (-Math.Log(Math.Exp(2) / (Math.Exp(2) + 2)) + Math.Log(3)) / 2;
        // Positives: -log sigmoid(2) and -log sigmoid(0), mean over 2; negatives: four of -log(1 - sigmoid(0)), mean over 4.
        double verification = ((softplus(-2) + softplus(0)) / 2 + softplus(0)) / 2;
        terms[0].item<float>().Should().BeApproximately((float)ranking, 1e-5f);
        terms[1].item<float>().Should().BeApproximately((float)verification, 1e-5f);
        EpisodeLosses.Accuracy(logits, same).Should().BeApproximately((0.5 + 1.0) / 2, 1e-6, "half the positives and every negative are right at 0.5");
    }
}
