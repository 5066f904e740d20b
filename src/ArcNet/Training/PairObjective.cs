using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The paper's objective, for plain ARC and ConvARC: binary cross-entropy on batches of pairs, half the same character by
/// two drawers, half two characters of one alphabet, augmented.
/// </summary>
internal sealed class PairObjective(ComparatorNetwork network, ObjectiveSetup setup) : ITrainingObjective
{
    private readonly PairSampler _sampler = new(setup.Train, setup.SamplingSeed, meanPixel: setup.MeanPixel);
    private readonly PairAugmentation _augmentation = setup.Augmentation();
    private readonly int _batchSize = setup.Options.BatchSize;

    public int PairsPerStep => _batchSize;

    public int ImagesPerStep => 2 * _batchSize;

    public (Tensor Loss, double Accuracy) Next()
    {
        var (first, second, target) = _sampler.Sample(_batchSize, setup.Device);
        if (_augmentation.Strength > 0)
            (first, second) = _augmentation.Apply(first, second);
        var logits = network.call(first, second);                                       // (B)
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
        double accuracy = logits.gt(0).eq(target.gt(0.5)).to(float32).mean().item<float>();
        return (loss, accuracy);
    }
}
