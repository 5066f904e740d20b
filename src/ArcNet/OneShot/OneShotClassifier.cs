using ArcNet.Guards;
using ArcNet.Modules;
using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// One-shot classification with a trained comparator: given a support set (one or more labelled images per
/// class), which class is each query? Two methods, as in the paper:
/// <list type="bullet">
/// <item><description>naive (no context model): each support image is scored by its similarity to the query; a class scores its best support image;</description></item>
/// <item><description>Full Context ARC (with a <see cref="FullContextArc"/>): a bidirectional LSTM reads the relative representations of all supports
/// and gives a softmax over them; a class scores the sum of its supports' probabilities.</description></item>
/// </list>
/// </summary>
/// <remarks>
/// All (support, query) pairs of a call are compared in large batches, with no per-pair loops, each image encoded once.
/// Pairs are compared in the order (support, query); the naive method averages both orders when
/// <see cref="AverageBothOrders"/> is set, and either method averages four flipped views when <see cref="AverageFlips"/> is.
/// </remarks>
public sealed class OneShotClassifier
{
    private readonly ArcComparator _comparator;
    private readonly FullContextArc? _context;

    /// <summary>Classifies with <paramref name="comparator"/>, naively or, when <paramref name="context"/> is given, with Full Context ARC.</summary>
    /// <exception cref="ArgumentException">
    /// The context model cannot read the comparator: it is not an ARC model (a prototypical network has no controller
    /// states), or it was trained for another hidden size, or it lives on another device.
    /// </exception>
    public OneShotClassifier(ArcComparator comparator, FullContextArc? context = null)
    {
        _comparator = comparator ?? throw new ArgumentNullException(nameof(comparator));
        context?.CheckCompatible(comparator);
        _context = context;
    }

    /// <summary>The comparator the scores come from.</summary>
    public ArcComparator Comparator => _comparator;

    /// <summary>The context model, or <c>null</c> for the naive method.</summary>
    public FullContextArc? Context => _context;

    /// <summary>
    /// Whether the naive method averages the similarities of (support, query) and (query, support), at twice the cost.
    /// Default <c>false</c>: on held-out Omniglot alphabets it changed nothing measurable.
    /// </summary>
    public bool AverageBothOrders { get; init; }

    /// <summary>
    /// Whether every score is the mean of four views of the images: as given, and all of them flipped together left to
    /// right, top to bottom, and both, at four times the cost. A pair flipped together is still the same pair, and the
    /// training augmentation flips pairs so, which makes the four views an ensemble for nothing but inference time: on
    /// the held-out Omniglot alphabets it added about a point to ConvARC-lite and two to the prototypical network
    /// (README, Results). Default <c>false</c>. Use it only where a flipped pair means what the pair means.
    /// </summary>
    public bool AverageFlips { get; init; }

    /// <summary>The views <see cref="AverageFlips"/> averages: the image dimensions (H, W of (B, C, H, W)) each flips.</summary>
    private static readonly long[][] FlipViews = [[], [3], [2], [2, 3]];

    /// <summary>
    /// Score of every support image for every query: (Q, K) for <paramref name="queries"/> (Q, C, A, A) and
    /// <paramref name="support"/> (K, C, A, A) (without C when gray), on the comparator's device. Naive: similarities in [0, 1];
    /// Full Context: per-query softmax probabilities over the K supports. With <see cref="AverageFlips"/>, the mean over
    /// the four views.
    /// </summary>
    /// <exception cref="ArgumentException">Either batch is empty or has the wrong shape, dtype or device, or holds NaN.</exception>
    public Tensor Scores(Tensor queries, Tensor support)
    {
        using var scope = NewDisposeScope();
        var q = ImageBatch.Validate(queries, nameof(queries), _comparator.Options, _comparator.Device);
        var s = ImageBatch.Validate(support, nameof(support), _comparator.Options, _comparator.Device);
        if (!AverageFlips)
            return ScoresOf(q, s).MoveToOuterDisposeScope();
        var views = FlipViews.Select(dims => dims.Length == 0 ? ScoresOf(q, s) : ScoresOf(q.flip(dims), s.flip(dims)));
        return stack(views.ToArray()).mean([0]).MoveToOuterDisposeScope();              // (4, Q, K) -> (Q, K)
    }

    /// <summary>The scores (Q, K) of validated batches, in one view.</summary>
    private Tensor ScoresOf(Tensor q, Tensor s)
    {
        if (_context is null)
            return PairScores.Matrix(_comparator.Network, s, q, AverageBothOrders);

        var network = (ArcNetwork)_comparator.Network;   // checked when the classifier was made
        long queryCount = q.shape[0], supportCount = s.shape[0];
        var (supportOfPair, queryOfPair) = PairScores.AllPairs(supportCount, queryCount, s.device);
        var relations = PairScores.Relations(network, s, q, supportOfPair, queryOfPair).view(queryCount, supportCount, -1);   // (Q, K, H + 1)
        var supportLogits = FullContextArc.SupportLogits(network, s, sets: 1).expand(queryCount, -1, -1);   // (Q, K, K)
        return Inference.Evaluating(_context.Network, () => _context.Logits(relations, supportLogits).softmax(-1));   // (Q, K)
    }

    /// <summary>Classifies each query against a labelled support set.</summary>
    /// <param name="queries">Query images (Q, C, A, A).</param>
    /// <param name="support">Support images (K, C, A, A).</param>
    /// <param name="supportLabels">K labels, one per support image; several images may share a label.</param>
    /// <returns>One prediction per query, with every class's score.</returns>
    /// <exception cref="ArgumentException">The support set is empty, labels and images differ in count, or an image batch is malformed.</exception>
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
        using (var all = Scores(queries, support))                                             // (Q, K)
        {
            queryCount = (int)all.shape[0];
            using var onHost = all.cpu();
            scores = onHost.data<float>().ToArray();
        }

        bool sum = _context is not null;   // probabilities add up within a class; similarities do not
        var predictions = new OneShotPrediction<TLabel>[queryCount];
        for (int query = 0; query < queryCount; query++)
        {
            var perClass = new double[classes.Length];
            if (!sum)
                Array.Fill(perClass, double.NegativeInfinity);
            for (int k = 0; k < classOf.Length; k++)
            {
                double score = scores[query * classOf.Length + k];
                perClass[classOf[k]] = sum ? perClass[classOf[k]] + score : Math.Max(perClass[classOf[k]], score);
            }
            int winner = Array.IndexOf(perClass, perClass.Max());
            predictions[query] = new OneShotPrediction<TLabel>(classes[winner], classes.Select((c, i) => new KeyValuePair<TLabel, double>(c, perClass[i])).ToArray());
        }
        return predictions;
    }

    /// <summary>
    /// Classifies image files against a support set: each query is read and prepared like the support images
    /// (<see cref="ArcComparator.ReadImages"/>) and gets the class whose images score highest.
    /// </summary>
    /// <param name="queryPaths">Image files to classify.</param>
    /// <param name="support">The labelled examples, loaded for this classifier's comparator.</param>
    /// <returns>One prediction per query, in the order given, with every class's score.</returns>
    /// <exception cref="ArgumentException">No query path, a blank one, or a support set prepared for a comparator that prepares images otherwise.</exception>
    /// <exception cref="FileNotFoundException">A query file does not exist.</exception>
    /// <exception cref="InvalidDataException">A query file is damaged or of an unsupported format; the message names it.</exception>
    public IReadOnlyList<OneShotPrediction<string>> Classify(IReadOnlyList<string> queryPaths, SupportSet support)
    {
        ArgumentNullException.ThrowIfNull(queryPaths);
        ArgumentNullException.ThrowIfNull(support);
        if (support.Preparation != _comparator.Preparation)
            throw new ArgumentException("The support set was loaded for a comparator that prepares images otherwise; load it with SupportSet.Load(folder, classifier.Comparator).", nameof(support));
        using var queries = _comparator.ReadImages([.. queryPaths]);
        return Classify(queries, support.Images, support.Labels);
    }
}
