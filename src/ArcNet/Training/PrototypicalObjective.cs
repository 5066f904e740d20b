using ArcNet.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The prototypical network's objective on grouped episodes: the prototypical loss on the embedding, plus the calibrated
/// similarity of each query to the supports of its group ranked and verified, which trains only the calibration (the
/// distances are detached), so that similarities are probabilities.
/// </summary>
internal sealed class PrototypicalObjective(PrototypicalNetwork network, ObjectiveSetup setup) : EpisodeObjective(setup)
{
    private protected override ComparatorNetwork Network => network;

    private protected override Tensor Embedding(Encoding encoding) => PrototypicalNetwork.Embedding(encoding);

    private protected override Tensor[] Ranked(Encoding pairSupport, Encoding pairQuery, int count, int group) =>
        [network.Calibrated(PrototypicalNetwork.Distance(pairSupport, pairQuery).detach().view(count, group))];
}
