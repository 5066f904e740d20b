using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>The losses the episode objectives add up, each on one episode of N characters in groups of G.</summary>
internal static class EpisodeLosses
{
    /// <summary>
    /// The prototypical loss (Snell et al., 2017): each query's squared embedding distances (N, D) to every support of the
    /// episode, softmax cross-entropy against its own character.
    /// </summary>
    internal static Tensor Prototypical(Tensor supportEmbeddings, Tensor queryEmbeddings, Tensor character)
    {
        var distances = cdist(queryEmbeddings, supportEmbeddings).square();                    // (N, N)
        return nn.functional.cross_entropy(-distances, character);
    }

    /// <summary>
    /// Ranking and verification of each query's logits against the supports of its group (N, G): softmax cross-entropy,
    /// which is the within-alphabet one-shot task itself, then binary cross-entropy with positives and negatives weighted
    /// equally, so that similarities stay probabilities.
    /// </summary>
    internal static Tensor[] RankAndVerify(Tensor logits, Tensor inGroup, Tensor same) =>
        [nn.functional.cross_entropy(logits, inGroup), Balanced(nn.functional.binary_cross_entropy_with_logits(logits, same, reduction: nn.Reduction.None), same)];

    /// <summary>Share of pairs (N, G) the logits judge right at 0.5, positives and negatives weighted equally.</summary>
    internal static double Accuracy(Tensor logits, Tensor same) => Balanced(logits.gt(0).eq(same.gt(0.5)).to(float32), same).item<float>();

    /// <summary>Which support of its group each query shows (N, int64), and the same as one-hot "same" targets (N, G).</summary>
    internal static (Tensor InGroup, Tensor Same) Targets(Tensor character, int groupSize)
    {
        var inGroup = character.remainder(groupSize);
        return (inGroup, nn.functional.one_hot(inGroup, groupSize).to(float32));
    }

    /// <summary>The mean over positives and the mean over negatives of per-pair values (N, G), averaged.</summary>
    private static Tensor Balanced(Tensor perPair, Tensor same)
    {
        long count = same.shape[0], group = same.shape[1];
        return ((perPair * same).sum() / count + (perPair * (1 - same)).sum() / (count * (group - 1.0))) / 2;
    }
}
