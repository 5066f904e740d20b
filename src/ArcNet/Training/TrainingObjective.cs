using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>What one training step of a model minimises: draws its own batch and returns the loss to differentiate.</summary>
internal interface ITrainingObjective
{
    /// <summary>The loss of a fresh batch (a scalar in the caller's dispose scope) and the batch's same/different accuracy.</summary>
    (Tensor Loss, double Accuracy) Next();

    /// <summary>Pairs the model compares per step, for throughput figures.</summary>
    int PairsPerStep { get; }

    /// <summary>Images the model encodes per step, for throughput figures.</summary>
    int ImagesPerStep { get; }
}
