using ArcNet.Modules;
using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// What a network makes of many (support, query) pairs at once, each image encoded once (a trunk runs on Q + K images,
/// not on 2QK), in eval mode under inference mode, in slices of bounded size. Pairs are compared in the order
/// (support, query) and given by int64 index tensors into the two batches. Results are copied out of inference mode, so
/// callers get ordinary tensors (the context trainer feeds them to autograd).
/// </summary>
internal static class PairScores
{
    /// <summary>Index tensors of every (support, query) pair, query-major: pair p = (support[p mod K], query[p / K]), so (Q * K) results reshape to (Q, K).</summary>
    internal static (Tensor SupportOfPair, Tensor QueryOfPair) AllPairs(long supportCount, long queryCount, Device device)
    {
        var pair = arange(queryCount * supportCount, dtype: int64, device: device);
        return (pair.remainder(supportCount), pair.div(supportCount, rounding_mode: RoundingMode.floor));
    }

    /// <summary>Similarities (Q, K) of every (support, query) pair of validated batches, with <paramref name="bothOrders"/> averaged over both orders.</summary>
    internal static Tensor Matrix(ComparatorNetwork network, Tensor support, Tensor queries, bool bothOrders)
    {
        using var scope = NewDisposeScope();
        long queryCount = queries.shape[0], supportCount = support.shape[0];
        var (supportOfPair, queryOfPair) = AllPairs(supportCount, queryCount, support.device);
        var similarities = Over(network, support, queries, supportOfPair, queryOfPair, (a, b) => network.Probabilities(a, b, bothOrders));
        return similarities.view(queryCount, supportCount).MoveToOuterDisposeScope();
    }

    /// <summary>The similarity logits (P) of the pairs the index tensors give.</summary>
    internal static Tensor Logits(ComparatorNetwork network, Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair) =>
        Over(network, support, queries, supportOfPair, queryOfPair, network.Score);

    /// <summary>What Full Context ARC reads of the pairs the index tensors give: h_T followed by the similarity logit, (P, H + 1).</summary>
    internal static Tensor Relations(ArcNetwork network, Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair) =>
        Over(network, support, queries, supportOfPair, queryOfPair, network.Relations);

    private static Tensor Over(ComparatorNetwork network, Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair, Func<Encoding, Encoding, Tensor> compute)
    {
        using var scope = NewDisposeScope();
        var result = Inference.Inferring(network, () =>
        {
            var supportCodes = network.Encode(support);
            var queryCodes = network.Encode(queries);
            return Inference.InSlices(supportOfPair, queryOfPair, (s, q) => compute(supportCodes.Select(s), queryCodes.Select(q)));
        });
        return result.clone().MoveToOuterDisposeScope();
    }
}
