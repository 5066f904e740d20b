using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// ConvARC-lite's objective on grouped episodes: the prototypical loss on the trunk's embedding, the controller's own
/// logits ranked within the group and verified pair by pair, and the whole similarity (the mix of the controller's and
/// the embedding's evidence) ranked and verified likewise. Only the mix's calibration learns from the last: the experts'
/// inputs to the mix are detached, or the controller would leave to the embedding what the embedding already fits on
/// the training characters, and learn nothing.
/// </summary>
internal sealed class ConvArcLiteObjective(ConvArcLite network, ObjectiveSetup setup) : EpisodeObjective(setup)
{
    private protected override ComparatorNetwork Network => network;

    private protected override Tensor Embedding(Encoding encoding) => ConvArcLite.Embedding(encoding);

    private protected override Tensor[] Ranked(Encoding pairSupport, Encoding pairQuery, int count, int group)
    {
        var controller = network.ControllerLogits(pairSupport, pairQuery).view(count, group);
        var similarity = network.Mix(controller.detach(), ConvArcLite.Distance(pairSupport, pairQuery).detach().view(count, group));
        return [controller, similarity];
    }
}
