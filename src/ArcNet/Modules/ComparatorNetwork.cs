using ArcNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// A network that compares pairs of images: two batches (B, C, A, A) in, one similarity logit per pair out (sigmoid
/// gives the probability that both show the same thing). Every ArcNet model is one: the ARC models
/// (<see cref="ArcNetwork"/>: plain ARC, ConvARC, ConvARC-lite) and the prototypical network. Build one from its
/// configuration with the factories (<see cref="ArcNetwork.PlainArc"/>, <see cref="ArcNetwork.ConvArc"/>,
/// <see cref="ArcNetwork.ConvArcLite"/>, <see cref="Prototypical"/>).
/// </summary>
/// <remarks>
/// <para>
/// It behaves like any TorchSharp module: call it with <c>call</c>, move it with <c>to</c>, switch <c>train</c>/<c>eval</c>
/// (dropout and batch-norm statistics follow the mode), read or load its weights with <c>state_dict</c>/<c>load_state_dict</c>.
/// Its state-dict keys (<c>controller.lstm.weight</c>, <c>head.score.bias</c>, <c>trunk.blocks.0.conv.weight</c>, ...)
/// are those of ArcNet's model files, so <c>comparator.Network.state_dict()</c> loads into a network built from the same
/// options.
/// </para>
/// <para>
/// Inputs are not checked here (the hot path stays lean): give float32 images on the module's device, prepared like the
/// training data. <see cref="ArcComparator.Similarity(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, bool)"/> checks them for you.
/// </para>
/// <para>
/// What one-shot evaluation and training need of every model is small: encode each image once, and score pairs of
/// encodings. A comparison is those two stages, so a one-shot episode runs a trunk on each image once rather than once
/// per pair.
/// </para>
/// </remarks>
public abstract class ComparatorNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private protected ComparatorNetwork(string name) : base(name)
    {
    }

    /// <summary>The configuration the network was built from.</summary>
    public abstract ComparatorOptions Options { get; }

    /// <summary>The prototypical-network baseline of <paramref name="options"/>, freshly initialised on the CPU; <c>null</c> for the defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ComparatorNetwork Prototypical(PrototypicalOptions? options = null) => new PrototypicalNetwork(options ?? new());

    /// <summary>Similarity logits (B) of the pairs (<paramref name="first"/>[i], <paramref name="second"/>[i]), each batch (B, C, A, A).</summary>
    public sealed override Tensor forward(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (firstCodes, secondCodes) = EncodePair(first, second);
        return Score(firstCodes, secondCodes).MoveToOuterDisposeScope();
    }

    /// <summary>What a comparison reads of each image (B, C, A, A).</summary>
    internal abstract Encoding Encode(Tensor images);

    /// <summary>The encodings of both batches of pairs (each (B, C, A, A)), in that order.</summary>
    internal (Encoding First, Encoding Second) EncodePair(Tensor first, Tensor second)
    {
        long batch = first.shape[0];
        // One encoder pass for both images: batch norm sees both, and the trunk's matmuls are twice as large.
        var both = Encode(cat(new[] { first, second }, 0));
        return (both.Slice(0, batch), both.Slice(batch, 2 * batch));
    }

    /// <summary>Similarity logits (B) of pairs of encodings.</summary>
    internal abstract Tensor Score(Encoding first, Encoding second);

    /// <summary>
    /// The probabilities (B) that pairs of encodings show one thing, with <paramref name="bothOrders"/> the mean of
    /// (first, second) and (second, first): an inference choice, made per call, not a property of the model.
    /// </summary>
    internal Tensor Probabilities(Encoding first, Encoding second, bool bothOrders)
    {
        var forward = Score(first, second).sigmoid();
        return bothOrders ? (forward + Score(second, first).sigmoid()) / 2 : forward;
    }

    /// <summary>How this model learns: the loss of one training step on <paramref name="setup"/>'s data.</summary>
    internal abstract ITrainingObjective Objective(ObjectiveSetup setup);
}
