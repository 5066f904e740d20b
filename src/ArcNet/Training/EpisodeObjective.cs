using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>Which losses an episode step adds up (see <see cref="EpisodeObjective"/>).</summary>
[Flags]
internal enum EpisodeLosses
{
    /// <summary>Each query's squared embedding distances to every support of the episode, softmax cross-entropy (Snell et al., 2017).</summary>
    Prototypical = 1,

    /// <summary>The controller's own logits (without metric evidence), ranked within the group and verified pair by pair.</summary>
    Comparator = 2,

    /// <summary>
    /// The whole comparator's logits (the mix of the controller's and the embedding's evidence), ranked and verified
    /// likewise. Only the mix's calibration learns from them: the experts' inputs to the mix are detached.
    /// </summary>
    Combined = 4,
}

/// <summary>
/// ConvARC-lite's objective, on episodes of groups of characters from one alphabet (one support and one query drawing
/// each), every image encoded once. Ranking: each query compared with every support of its group, softmax
/// cross-entropy, which is the within-alphabet one-shot task itself. Verification: the same comparisons, binary
/// cross-entropy with positives and negatives weighted equally, so similarities stay probabilities. Which logits are
/// ranked and verified, and whether the prototypical loss trains the embedding, is <see cref="EpisodeLosses"/>.
/// </summary>
internal sealed class EpisodeObjective(
    GroupedEpisodeSampler sampler, Func<int[], int[], (Encoding Support, Encoding Queries)> encode, EpisodeLosses losses, Device device, bool cached = false) : ITrainingObjective
{
    public int PairsPerStep => losses.HasFlag(EpisodeLosses.Comparator) || losses.HasFlag(EpisodeLosses.Combined) ? sampler.Count * sampler.GroupSize : 0;

    public int ImagesPerStep => cached ? 0 : sampler.Count * (1 + sampler.QueriesPerCharacter);

    public (Tensor Loss, double Accuracy) Next(ArcNetwork network)
    {
        var (supportIndices, queryIndices) = sampler.Next();
        int count = supportIndices.Length, group = sampler.GroupSize, perCharacter = sampler.QueriesPerCharacter;
        var (support, allQueries) = encode(supportIndices, queryIndices);
        var terms = new List<Tensor>();
        var target = arange(count, dtype: int64, device: device);
        if (losses.HasFlag(EpisodeLosses.Prototypical))
        {
            var distances = cdist(allQueries.Embedding!, support.Embedding!).square();          // (N Q, N)
            terms.Add(nn.functional.cross_entropy(-distances, target.repeat_interleave(perCharacter)));
        }
        if (!losses.HasFlag(EpisodeLosses.Comparator) && !losses.HasFlag(EpisodeLosses.Combined))
            return (terms[0], double.NaN);

        // The comparator ranks each character's first query only: its cost grows with the pairs, the embedding's with images.
        var queries = perCharacter == 1 ? allQueries : allQueries.Select(target * perCharacter);
        // Query i against every support of its group: pair (i, j) sits at i * group + j.
        var pair = arange(count * group, dtype: int64, device: device);
        var queryOfPair = pair.div(group, rounding_mode: RoundingMode.floor);
        var supportOfPair = queryOfPair.div(group, rounding_mode: RoundingMode.floor) * group + pair.remainder(group);
        var pairSupport = support.Select(supportOfPair);
        var pairQuery = queries.Select(queryOfPair);
        var controller = network.HasController ? network.ControllerLogits(pairSupport, pairQuery).view(count, group) : null;   // (N, G)
        // The mix learns how far to trust each expert; its losses do not reach the experts, or the controller would
        // leave to the embedding what the embedding already fits on the training characters, and learn nothing.
        var combined = support.Embedding is null ? controller!
            : network.Mix(controller?.detach(), SimilarityMix.Distance(pairSupport.Embedding!, pairQuery.Embedding!).detach().view(count, group));

        var inGroup = target.remainder(group);
        var same = nn.functional.one_hot(inGroup, group).to(float32);                               // (N, G)
        if (losses.HasFlag(EpisodeLosses.Comparator) && controller is not null)
            terms.AddRange([nn.functional.cross_entropy(controller, inGroup), Balanced(controller, same, count, group)]);
        if (losses.HasFlag(EpisodeLosses.Combined))
            terms.AddRange([nn.functional.cross_entropy(combined, inGroup), Balanced(combined, same, count, group)]);

        var scored = losses.HasFlag(EpisodeLosses.Combined) ? combined : controller!;
        var correct = scored.gt(0).eq(same.gt(0.5)).to(float32);
        double accuracy = Balanced(correct, same, count, group, mean: true).item<float>();
        return (stack(terms).sum(), accuracy);
    }

    /// <summary>
    /// The mean over positives and the mean over negatives, averaged: binary cross-entropy of <paramref name="values"/>
    /// as logits, or with <paramref name="mean"/> the values themselves (for accuracy).
    /// </summary>
    private static Tensor Balanced(Tensor values, Tensor same, int count, int group, bool mean = false)
    {
        var perPair = mean ? values : nn.functional.binary_cross_entropy_with_logits(values, same, reduction: nn.Reduction.None);
        return ((perPair * same).sum() / count + (perPair * (1 - same)).sum() / (count * (group - 1.0))) / 2;
    }
}
