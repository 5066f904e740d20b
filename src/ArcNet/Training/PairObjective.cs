using ArcNet.Data;
using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The paper's objective: binary cross-entropy on batches of pairs, half the same character by two drawers, half two
/// characters of one alphabet, augmented.
/// </summary>
internal sealed class PairObjective(PairSampler sampler, PairAugmentation augmentation, int batchSize, Device device) : ITrainingObjective
{
    public int PairsPerStep => batchSize;

    public int ImagesPerStep => 2 * batchSize;

    public (Tensor Loss, double Accuracy) Next(ArcNetwork network)
    {
        var (first, second, target) = sampler.Sample(batchSize, device);
        if (augmentation.Strength > 0)
            (first, second) = augmentation.Apply(first, second);
        var logits = network.call(first, second);                                       // (B)
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
        double accuracy = logits.gt(0).eq(target.gt(0.5)).to(float32).mean().item<float>();
        return (loss, accuracy);
    }
}
