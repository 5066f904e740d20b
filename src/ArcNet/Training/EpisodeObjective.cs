using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// ConvARC-lite's objective, on episodes of groups of characters from one alphabet (one support and one query
/// drawing each), every image encoded once:
/// <list type="bullet">
/// <item><description>prototypical: each query's squared embedding distances to all the episode's supports, softmax cross-entropy (Snell et al., 2017);</description></item>
/// <item><description>ranking: each query compared by the whole comparator with every support of its group, softmax cross-entropy, which is the within-alphabet one-shot task itself;</description></item>
/// <item><description>verification: the same comparisons, binary cross-entropy with positives and negatives weighted equally, so similarities stay probabilities.</description></item>
/// </list>
/// The three losses are summed.
/// </summary>
internal sealed class EpisodeObjective : ITrainingObjective
{
    private readonly GroupedEpisodeSampler _sampler;
    private readonly OmniglotDataset _dataset;
    private readonly PairAugmentation _augmentation;
    private readonly double _meanPixel;
    private readonly Device _device;

    internal EpisodeObjective(GroupedEpisodeSampler sampler, OmniglotDataset dataset, PairAugmentation augmentation, double meanPixel, Device device)
    {
        _sampler = sampler;
        _dataset = dataset;
        _augmentation = augmentation;
        _meanPixel = meanPixel;
        _device = device;
    }

    public int PairsPerStep => _sampler.Count * _sampler.GroupSize;

    public (Tensor Loss, double Accuracy) Next(ArcNetwork network)
    {
        var (supportIndices, queryIndices) = _sampler.Next();
        int count = supportIndices.Length, group = _sampler.GroupSize;
        var support = _dataset.Images(supportIndices, _device, _meanPixel);                     // (N, 1, A, A)
        var queries = _dataset.Images(queryIndices, _device, _meanPixel);
        // Support and query of one character share their flips (a flipped character is a new character of the pair).
        if (_augmentation.Strength > 0)
            (support, queries) = _augmentation.Apply(support, queries);

        var both = network.Encode(cat(new[] { support, queries }, 0));
        var supportCodes = both.Slice(0, count);
        var queryCodes = both.Slice(count, 2 * count);
        var losses = new List<Tensor>();
        var target = arange(count, dtype: int64, device: _device);
        if (queryCodes.Embedding is { } queryEmbedding)
        {
            var distances = cdist(queryEmbedding, supportCodes.Embedding!).square();            // (N, N)
            losses.Add(nn.functional.cross_entropy(-distances, target));
        }

        // Query i against every support of its group: pair (i, j) sits at i * group + j.
        var pair = arange(count * group, dtype: int64, device: _device);
        var queryOfPair = pair.div(group, rounding_mode: RoundingMode.floor);
        var supportOfPair = queryOfPair.div(group, rounding_mode: RoundingMode.floor) * group + pair.remainder(group);
        var pairSupport = supportCodes.Select(supportOfPair);
        var pairQuery = queryCodes.Select(queryOfPair);
        var arcLogits = network.Compare(pairSupport with { Embedding = null }, pairQuery with { Embedding = null }).view(count, group);   // (N, G)
        var logits = pairSupport.Embedding is null ? arcLogits : arcLogits + network.MetricLogits(pairSupport, pairQuery).view(count, group);
        var inGroup = target.remainder(group);
        var same = nn.functional.one_hot(inGroup, group).to(float32);                           // (N, G)
        Tensor Rank(Tensor z) => nn.functional.cross_entropy(z, inGroup);
        Tensor Pair(Tensor z)
        {
            var pairLosses = nn.functional.binary_cross_entropy_with_logits(z, same, reduction: nn.Reduction.None);
            return ((pairLosses * same).sum() / count + (pairLosses * (1 - same)).sum() / (count * (group - 1.0))) / 2;
        }
        losses.Add(Rank(logits));
        losses.Add(Pair(logits));
        losses.Add(Rank(arcLogits));
        losses.Add(Pair(arcLogits));

        var correct = logits.gt(0).eq(same.gt(0.5)).to(float32);
        double accuracy = (((correct * same).sum() / count + (correct * (1 - same)).sum() / (count * (group - 1.0))) / 2).item<float>();
        // RESEARCH-HACK: loss weights
        var w = (Environment.GetEnvironmentVariable("ARCNET_LOSSES") ?? "1,1,1,0,0").Split(',').Select(double.Parse).ToArray();
        if (losses.Count == 4) losses.Insert(0, zeros(1).squeeze());
        Tensor total = losses[0] * w[0];
        for (int i = 1; i < 5; i++) total = total + losses[i] * w[i];
        return (total, accuracy);
    }
}
