using ArcNet.Guards;
using ArcNet.Runtime;
using ArcNet.Visualization;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// An Attentive Recurrent Comparator: a recurrent controller (<see cref="ArcController"/>) glimpses two images in turn
/// and its final hidden state h_T, the representation of one image relative to the other, is scored by a head. The three
/// ARC models differ in what the controller attends over: the pixels (plain ARC, <see cref="PlainArcOptions"/>), a Wide
/// ResNet's feature maps (ConvARC, <see cref="ConvArcOptions"/>), or a light trunk's maps with the trunk's embedding mixed
/// into the score (ConvARC-lite, <see cref="ConvArcLiteOptions"/>); each is built by its factory. Only ARC models have a
/// controller, so only they give representations, traces and Full Context ARC.
/// </summary>
public abstract class ArcNetwork : ComparatorNetwork
{
    private protected ArcNetwork(string name) : base(name)
    {
    }

    /// <summary>The paper's plain ARC of <paramref name="options"/>, freshly initialised on the CPU; <c>null</c> for the paper's defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ArcNetwork PlainArc(PlainArcOptions? options = null) => new PlainArc(options ?? new());

    /// <summary>The paper's ConvARC of <paramref name="options"/>, freshly initialised on the CPU; <c>null</c> for the paper's defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ArcNetwork ConvArc(ConvArcOptions? options = null) => new ConvArc(options ?? new());

    /// <summary>ConvARC-lite of <paramref name="options"/>, freshly initialised on the CPU; <c>null</c> for the sample's default recipe's model.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ArcNetwork ConvArcLite(ConvArcLiteOptions? options = null) => new ConvArcLite(options ?? new());

    /// <summary>The configuration the network was built from, the controller's shape among it.</summary>
    public abstract override ArcOptions Options { get; }

    /// <summary>
    /// h_T (B, H), the controller's final hidden state after comparing <paramref name="first"/> with <paramref name="second"/>
    /// (each (B, C, A, A)): the representation of one image relative to the other, before the head. Full Context ARC
    /// reads these; so can a head of your own.
    /// </summary>
    public Tensor Represent(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (firstCodes, secondCodes) = EncodePair(first, second);
        return Run(firstCodes, secondCodes, record: null).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Compares one pair while recording every step of the controller: which image it read, where its window was, what it
    /// saw and which pixels it weighed, in eval mode without gradients. Draw it with <see cref="ComparisonTrace.ContactSheet"/>.
    /// </summary>
    /// <param name="first">One image, (C, A, A) or (1, C, A, A), or (A, A) when gray, float32, prepared like the training data, on the network's device.</param>
    /// <param name="second">The image to compare it with, shaped likewise.</param>
    /// <returns>A trace holding managed copies only: nothing to dispose.</returns>
    /// <exception cref="ArgumentException">Not exactly one image each, or wrong size, dtype or device, or NaN/infinite values.</exception>
    public ComparisonTrace Trace(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var device = parameters().First().device;
        var a = ImageBatch.ValidateOne(first, nameof(first), Options, device);
        var b = ImageBatch.ValidateOne(second, nameof(second), Options, device);
        return Inference.Evaluating(this, () => TraceRecorder.Record(this, a, b));
    }

    /// <summary>The controller, which each model holds as its <c>controller</c> component.</summary>
    private protected abstract ArcController ControllerModule { get; }

    /// <summary>The similarity logits (B) of pairs whose controller ended in <paramref name="representation"/> (B, H).</summary>
    private protected abstract Tensor Logits(Tensor representation, Encoding first, Encoding second);

    /// <summary>Maps as the controller reads them: dropped out while training.</summary>
    private protected Tensor Attended(Tensor maps) => nn.functional.dropout(maps, Options.InputDropout, training);

    internal sealed override Tensor Score(Encoding first, Encoding second) => Logits(Run(first, second, record: null), first, second);

    /// <summary>What Full Context ARC reads of each pair: h_T followed by the similarity logit, (B, H + 1).</summary>
    internal Tensor Relations(Encoding first, Encoding second)
    {
        var representation = Run(first, second, record: null);                                 // (B, H)
        return cat(new[] { representation, Logits(representation, first, second).unsqueeze(1) }, 1);
    }

    /// <summary>The similarity logits (B) of pairs of encodings, with every controller step appended to <paramref name="record"/>.</summary>
    internal Tensor Score(Encoding first, Encoding second, List<ControllerStep> record) => Logits(Run(first, second, record), first, second);

    /// <summary>h_T (B, H) of pairs of encodings; when <paramref name="record"/> is given, every controller step is appended to it.</summary>
    internal Tensor Run(Encoding first, Encoding second, List<ControllerStep>? record)
    {
        using var scope = NewDisposeScope();
        int recorded = record?.Count ?? 0;
        var representation = ControllerModule.Run(first.Maps, second.Maps, record);
        // The steps recorded here landed in this scope; the caller asked for them, so they must outlive it.
        foreach (var step in record?.Skip(recorded) ?? [])
            step.MoveToOuterDisposeScope();
        return representation.MoveToOuterDisposeScope();
    }
}
