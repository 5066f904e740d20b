using ArcNet.OneShot;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.OneShot;

[Collection(GlobalRandomState.Name)]
public class PairScoresTests
{
    public static TheoryData<string, bool> ModelsAndOrders => new()
    {
        { "plain ARC", false }, { "ConvARC-lite", false }, { "ConvARC-lite", true }, { "prototypical network", false },
    };

    [Theory]
    [MemberData(nameof(ModelsAndOrders))]
    public void Encoding_each_image_once_gives_the_similarities_of_comparing_pair_by_pair(string model, bool bothOrders)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(TinyModels.All[model], seed: 2);
        using var random = new Generator(2);
        var support = randn(3, 1, 32, 32, generator: random);
        var queries = randn(4, 1, 32, 32, generator: random);

        var matrix = PairScores.Matrix(comparator.Network, support, queries, bothOrders);                                   // (Q, K)
        var pairByPair = comparator.Similarity(support.repeat(4, 1, 1, 1), queries.repeat_interleave(3, dim: 0), bothOrders).view(4, 3);

        matrix.allclose(pairByPair, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void All_pairs_are_query_major()
    {
        using var scope = NewDisposeScope();

        var (support, query) = PairScores.AllPairs(supportCount: 3, queryCount: 2, CPU);

        support.data<long>().ToArray().Should().Equal(0, 1, 2, 0, 1, 2);
        query.data<long>().ToArray().Should().Equal(0, 0, 0, 1, 1, 1);
    }
}
