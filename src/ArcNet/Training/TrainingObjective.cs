using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>What one training step minimises: draws its own batch and returns the loss to differentiate.</summary>
internal interface ITrainingObjective
{
    /// <summary>The loss of a fresh batch (a scalar in the caller's dispose scope) and the batch's same/different accuracy.</summary>
    (Tensor Loss, double Accuracy) Next(ArcNetwork network);

    /// <summary>Pairs the controller compares per step, for throughput figures (0 when only the embedding trains).</summary>
    int PairsPerStep { get; }

    /// <summary>Images the encoder (pixels, or a trunk) reads per step, for throughput figures.</summary>
    int ImagesPerStep { get; }
}
