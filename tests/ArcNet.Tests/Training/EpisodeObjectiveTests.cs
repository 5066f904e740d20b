using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

[Collection(OmniglotCollection.Name)]
public sealed class EpisodeObjectiveTests(OmniglotTestData data)
{
    [Fact]
    public void The_prototypical_loss_of_a_tiny_episode_is_the_hand_computed_cross_entropy_over_squared_distances()
    {
        using var scope = NewDisposeScope();
        // Two characters with two queries each; the encoder ignores which images were drawn and returns fixed embeddings.
        var sampler = new GroupedEpisodeSampler(data.Union.All, groups: 1, groupSize: 2, seed: 0, queriesPerCharacter: 2);
        var support = tensor(new float[,] { { 0, 0 }, { 2, 0 } });
        var queries = tensor(new float[,] { { 0, 1 }, { 1, 0 }, { 2, 1 }, { 0, 0 } });   // queries 0, 1 show character 0; 2, 3 character 1
        (Encoding, Encoding) Encode(int[] s, int[] q) => (new Encoding(zeros(s.Length, 1, 1, 1), support), new Encoding(zeros(q.Length, 1, 1, 1), queries));
        using var network = new ArcNetwork(TinyModels.Prototypical);
        var objective = new EpisodeObjective(sampler, Encode, EpisodeLosses.Prototypical, CPU);

        var (loss, _) = objective.Next(network);

        // Squared distances to (support 0, support 1) and each query's loss -log softmax(-distances)[its character]:
        //   query 0 (0, 1): (1, 5), -log(e^-1 / (e^-1 + e^-5)) = log(1 + e^-4)
        //   query 1 (1, 0): (1, 1), log 2
        //   query 2 (2, 1): (5, 1), log(1 + e^-4)
        //   query 3 (0, 0): (0, 4), -log(e^-4 / (e^0 + e^-4)) = log(1 + e^4)
        double expected = (2 * Math.Log(1 + Math.Exp(-4)) + Math.Log(2) + Math.Log(1 + Math.Exp(4))) / 4;   // 1.186898...
        loss.item<float>().Should().BeApproximately((float)expected, 1e-5f);
    }
}
