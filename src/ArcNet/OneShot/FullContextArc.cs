using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// Full Context ARC (Shyam et al., 2017, section 4.2): a bidirectional LSTM over the relative representations
/// h_T(support_k, query) that a frozen comparator makes for every support image, giving one score per support and a
/// softmax over the set. ArcNet's default form also reads what the comparator makes of the support set itself and
/// corrects the naive method's logits rather than replacing them (<see cref="FullContextForm"/>). Trained in a second
/// stage with <see cref="Training.FullContextTrainer"/>; used through <see cref="OneShotClassifier"/>. It owns native
/// memory: dispose it.
/// </summary>
public sealed class FullContextArc : IDisposable
{
    internal static readonly ModelFileKind FileKind = new("arc-full-context", "Full Context ARC model", nameof(FullContextArc),
        "Train one with train-context and load the file it writes.");

    private readonly PersistentModule<FullContextHead> _network;

    /// <summary>A freshly initialised context model for comparators with <paramref name="representationSize"/> hidden units.</summary>
    /// <param name="representationSize">The comparator's hidden size, <see cref="ArcOptions.HiddenSize"/>.</param>
    /// <param name="device">Where it lives; <c>null</c> means the CPU. Use the comparator's device.</param>
    /// <param name="seed">When given, seeds TorchSharp's global generator first.</param>
    /// <param name="form">Which head: ArcNet's context correction (the default) or the paper's.</param>
    public FullContextArc(int representationSize, Device? device = null, int? seed = null, FullContextForm form = FullContextForm.ContextCorrection)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(representationSize, 1);
        if (!Enum.IsDefined(form))
            throw new ArgumentOutOfRangeException(nameof(form), form, "Give FullContextForm.ContextCorrection or FullContextForm.Paper.");
        RepresentationSize = representationSize;
        Form = form;
        _network = new PersistentModule<FullContextHead>(() => form == FullContextForm.Paper
            ? new FullContextNetwork(representationSize)
            : new ContextCorrectionNetwork(representationSize), device, seed, typeof(FullContextArc));
    }

    /// <summary>Size of the representations it reads: the hidden size of the comparator it was trained with.</summary>
    public int RepresentationSize { get; }

    /// <summary>Which head it runs.</summary>
    public FullContextForm Form { get; }

    /// <summary>The device holding the weights.</summary>
    public Device Device => _network.Device;

    /// <summary>The TorchSharp module the context model runs; it is disposed with the context model.</summary>
    public FullContextHead Network => _network.Module;

    /// <summary>Writes the context model to one self-describing file, atomically.</summary>
    public void Save(string path) => _network.Save(path, FileKind, SavedSettings.Of(this));

    /// <summary>Restores a context model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a context model, or from a newer format.</exception>
    public static FullContextArc Load(string path, Device? device = null) => Restore(ModelFile.Read<SavedSettings>(path, FileKind, Check), path, device);

    /// <summary>Restores a context model from a stream holding its file, such as an embedded resource, read to its end and left open.</summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidDataException">The model is truncated, corrupt, not a context model, or from a newer format.</exception>
    public static FullContextArc Load(Stream stream, Device? device = null) =>
        Restore(ModelFile.Read<SavedSettings>(stream, FileKind, Check), ModelFile.NameOf(stream), device);

    private static void Check(SavedSettings saved)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(saved.RepresentationSize, 1, nameof(RepresentationSize));
        _ = saved.Form;
    }

    private static FullContextArc Restore((SavedSettings Settings, byte[] Weights) file, string name, Device? device)
    {
        var (settings, weights) = file;
        var context = new FullContextArc(settings.RepresentationSize, device, form: settings.Form);
        return context._network.Restore(context, weights, name);
    }

    /// <summary>Throws when this context model cannot read <paramref name="comparator"/>'s representations; returns its ARC network otherwise.</summary>
    internal ArcNetwork CheckCompatible(ArcComparator comparator)
    {
        if (comparator.Network is not ArcNetwork arc)
            throw new ArgumentException($"The comparator is a {comparator.Options}, which has no controller states for Full Context ARC to read; use an ARC comparator.", nameof(comparator));
        if (arc.Options.HiddenSize != RepresentationSize)
            throw new ArgumentException($"The context model reads {RepresentationSize}-unit representations but the comparator makes {arc.Options.HiddenSize}; " +
                                        "use the comparator it was trained with.", nameof(comparator));
        if (!DeviceChoice.Same(comparator.Device, Device))
            throw new ArgumentException($"The context model is on {Device} but the comparator on {comparator.Device}; load both on one device.", nameof(comparator));
        return arc;
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// What a model file holds besides the weights. Its property names are the file's JSON: never rename them. The form
    /// is written as the two switches an earlier ArcNet had, both on for the context correction and both off for the
    /// paper's form (a file written before they existed lacks them, and is the paper's); the two mixed forms it could
    /// also write are no longer built.
    /// </summary>
    private sealed record SavedSettings(int RepresentationSize, bool Residual = false, bool SupportContext = false)
    {
        internal static SavedSettings Of(FullContextArc context)
        {
            bool corrects = context.Form == FullContextForm.ContextCorrection;
            return new(context.RepresentationSize, corrects, corrects);
        }

        /// <exception cref="ArgumentException">A mixed form an earlier ArcNet wrote.</exception>
        internal FullContextForm Form => (Residual, SupportContext) switch
        {
            (true, true) => FullContextForm.ContextCorrection,
            (false, false) => FullContextForm.Paper,
            _ => throw new ArgumentException(
                $"the file holds a Full Context form an earlier ArcNet trained (residual {Residual}, support context {SupportContext}) and this one no longer builds; retrain it with train-context.", nameof(Form)),
        };
    }

    /// <summary>The logits (T, K) of T trials of K supports each: <see cref="FullContextHead"/>'s inputs, relations (T, K, H + 1) and support logits (T, K, K).</summary>
    internal Tensor Logits(Tensor relations, Tensor supportLogits) => Network.call(relations, supportLogits);

    /// <summary>
    /// The network's logits among the images of S support sets, (S, K, K) with [s, j, k] for the pair (support k,
    /// support j), from <paramref name="support"/> (S * K images, set by set): what the support context is made of.
    /// </summary>
    internal static Tensor SupportLogits(ArcNetwork network, Tensor support, int sets)
    {
        long k = support.shape[0] / sets;
        // Every image s * K + j against the K supports of a set; the support's index within the set moves to set s.
        var (within, other) = PairScores.AllPairs(k, sets * k, support.device);
        var supportOfPair = other.div(k, rounding_mode: RoundingMode.floor) * k + within;
        return PairScores.Logits(network, support, support, supportOfPair, other).view(sets, k, k);
    }
}
