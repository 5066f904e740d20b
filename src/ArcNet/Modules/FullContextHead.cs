using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// A Full Context ARC head: it reads what a frozen comparator made of every (support_k, query) pair of a support set
/// and scores each support in the light of all the others, (B, K) logits for B sets of K supports; the softmax over K
/// is the caller's. Two heads: the paper's <see cref="FullContextNetwork"/> and ArcNet's default,
/// <see cref="ContextCorrectionNetwork"/>.
/// </summary>
/// <remarks>
/// Its inputs are the same for every head, each reading what it needs: <c>relations</c> (B, K, H + 1), h_T of each
/// pair (<see cref="ArcNetwork.Represent(Tensor, Tensor)"/>) followed by the pair's similarity logit (the comparator's
/// <c>call</c>), and <c>supportLogits</c> (B, K, K), the comparator's logits among each set's own supports, [j, k] for
/// the pair (support k, support j).
/// </remarks>
public abstract class FullContextHead : nn.Module<Tensor, Tensor, Tensor>
{
    private protected FullContextHead(string name, int representationSize) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        RepresentationSize = representationSize;
    }

    /// <summary>The size H of the comparator representations it reads.</summary>
    public int RepresentationSize { get; }

    /// <summary>A freshly initialised head of the same form and size: where a trainer keeps its best weights.</summary>
    internal abstract FullContextHead Fresh();

    /// <summary>Refuses inputs of another shape than the head reads, naming both.</summary>
    private protected void CheckInputs(Tensor relations, Tensor supportLogits)
    {
        ArgumentNullException.ThrowIfNull(relations);
        ArgumentNullException.ThrowIfNull(supportLogits);
        if (relations.dim() != 3 || relations.shape[2] != RepresentationSize + 1)
            throw new ArgumentException(
                $"Expected relations (B, K, {RepresentationSize + 1}): h_T and the similarity logit of each of K pairs; got [{string.Join(", ", relations.shape)}].", nameof(relations));
        if (supportLogits.dim() != 3 || supportLogits.shape[0] != relations.shape[0] || supportLogits.shape[1] != relations.shape[1] || supportLogits.shape[2] != relations.shape[1])
            throw new ArgumentException(
                $"Expected support logits (B, K, K) = [{relations.shape[0]}, {relations.shape[1]}, {relations.shape[1]}] beside relations [{string.Join(", ", relations.shape)}]; " +
                $"got [{string.Join(", ", supportLogits.shape)}].", nameof(supportLogits));
    }
}
