using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// One-shot classification with a trained comparator: given a support set (one or more labelled images per
/// class), each query goes to the class of its most similar support image (the paper's naive method).
/// </summary>
/// <remarks>
/// All (support, query) pairs of a call are compared in large batches; no per-pair loops. Pairs are compared in
/// the order (support, query); set <see cref="ArcOptions.AverageBothOrders"/> on the comparator to average both orders.
/// </remarks>
public sealed class OneShotClassifier
{
    /// <summary>Pairs compared per forward pass: large enough to keep the CPU busy, small enough to bound memory.</summary>
    internal const int PairsPerBatch = 2048;

    private readonly ArcComparator _comparator;

    /// <summary>Classifies with <paramref name="comparator"/>'s similarities.</summary>
    public OneShotClassifier(ArcComparator comparator)
    {
        _comparator = comparator ?? throw new ArgumentNullException(nameof(comparator));
    }

    /// <summary>The comparator the scores come from.</summary>
    public ArcComparator Comparator => _comparator;

    /// <summary>
    /// Similarity of every query to every support image: (Q, K) for <paramref name="queries"/> (Q, [1,] A, A) and
    /// <paramref name="support"/> (K, [1,] A, A), on the comparator's device.
    /// </summary>
    /// <exception cref="ArgumentException">Either batch is empty or has the wrong shape, dtype or device, or holds NaN.</exception>
    public Tensor Scores(Tensor queries, Tensor support)
    {
        using var scope = NewDisposeScope();
        var q = ImageBatch.Validate(queries, nameof(queries), _comparator.Options.ImageSize, _comparator.Device);
        var s = ImageBatch.Validate(support, nameof(support), _comparator.Options.ImageSize, _comparator.Device);
        long queryCount = q.shape[0], supportCount = s.shape[0];

        // Pair p = (support[p mod K], query[p / K]) so the flat scores reshape to (Q, K).
        long pairs = queryCount * supportCount;
        var scores = new List<Tensor>();
        for (long start = 0; start < pairs; start += PairsPerBatch)
        {
            long end = Math.Min(pairs, start + PairsPerBatch);
            var index = arange(start, end, dtype: int64, device: _comparator.Device);
            var first = s.index_select(0, index.remainder(supportCount));
            var second = q.index_select(0, index.div(supportCount, rounding_mode: RoundingMode.floor));
            scores.Add(_comparator.Similarity(first, second));
        }
        return cat(scores, 0).view(queryCount, supportCount).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Classifies each query against a labelled support set. A class's score is the best similarity among its support images.
    /// </summary>
    /// <param name="queries">Query images (Q, [1,] A, A).</param>
    /// <param name="support">Support images (K, [1,] A, A).</param>
    /// <param name="supportLabels">K labels, one per support image; several images may share a label.</param>
    /// <exception cref="ArgumentException">The support set is empty, or labels and images differ in count.</exception>
    public IReadOnlyList<OneShotPrediction<TLabel>> Classify<TLabel>(Tensor queries, Tensor support, IReadOnlyList<TLabel> supportLabels) where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(supportLabels);
        ArgumentNullException.ThrowIfNull(support);
        if (supportLabels.Count == 0 || (support.dim() > 0 && support.shape[0] == 0))
            throw new ArgumentException("The support set is empty; give at least one labelled image.", nameof(support));
        if (support.dim() > 0 && support.shape[0] != supportLabels.Count)
            throw new ArgumentException($"The support set has {support.shape[0]} images but {supportLabels.Count} labels; give one label per image.", nameof(supportLabels));

        var classes = supportLabels.Distinct().ToArray();
        var classOf = supportLabels.Select(label => Array.IndexOf(classes, label)).ToArray();
        float[] scores;
        int queryCount;
        using (var all = Scores(queries, support))                                          // (Q, K)
        {
            queryCount = (int)all.shape[0];
            using var onHost = all.cpu();
            scores = onHost.data<float>().ToArray();
        }

        var predictions = new OneShotPrediction<TLabel>[queryCount];
        for (int query = 0; query < queryCount; query++)
        {
            var best = new double[classes.Length];
            Array.Fill(best, double.NegativeInfinity);
            for (int k = 0; k < classOf.Length; k++)
                best[classOf[k]] = Math.Max(best[classOf[k]], scores[query * classOf.Length + k]);
            int winner = Array.IndexOf(best, best.Max());
            predictions[query] = new OneShotPrediction<TLabel>(classes[winner], classes.Select((c, i) => new KeyValuePair<TLabel, double>(c, best[i])).ToArray());
        }
        return predictions;
    }
}
