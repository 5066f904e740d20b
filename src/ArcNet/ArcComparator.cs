using ArcNet.Data;
using ArcNet.Guards;
using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using ArcNet.Visualization;
using static TorchSharp.torch;

namespace ArcNet;

/// <summary>
/// An Attentive Recurrent Comparator: tells how likely two images show the same thing.
/// </summary>
/// <remarks>
/// Images are float32 tensors (B, C, A, A), or (B, A, A) when gray, prepared like the training data as
/// <see cref="Preprocessing"/> says (for Omniglot: ink 1, background 0), divided by 255, <see cref="PixelMean"/>
/// subtracted: <see cref="ReadImages"/> prepares files so. The comparator owns native memory: dispose it when done. It
/// is not thread-safe; use one per thread.
/// </remarks>
/// <example>
/// <code>
/// using var comparator = ArcComparator.Load("omniglot.arc");
/// using var similarity = comparator.Similarity(first, second);   // (B) probabilities in [0, 1]
/// </code>
/// </example>
public sealed class ArcComparator : IDisposable
{
    internal static readonly ModelFileKind FileKind = new("arc-comparator", "comparator", nameof(ArcComparator),
        "A training run saves the comparator to the --out file and keeps its checkpoint beside it as <file>.checkpoint; load the former.");

    private readonly PersistentModule<ArcNetwork> _network;

    /// <summary>Builds a freshly initialised comparator.</summary>
    /// <param name="options">The architecture; <c>null</c> means the paper's plain ARC (<c>new ArcOptions()</c>).</param>
    /// <param name="device">Where the weights and all computation live; <c>null</c> means the CPU.</param>
    /// <param name="seed">
    /// When given, seeds TorchSharp's global generator first, so the same seed gives the same weights. The generator is
    /// process-wide: random numbers drawn on other threads during construction change the result.
    /// </param>
    /// <exception cref="ArgumentException">An option is out of range, or the device cannot be used.</exception>
    public ArcComparator(ArcOptions? options = null, Device? device = null, int? seed = null)
    {
        Options = (options ?? new ArcOptions()).Validate();
        _network = new PersistentModule<ArcNetwork>(() => new ArcNetwork(Options), device, seed, typeof(ArcComparator));
    }

    /// <summary>The architecture.</summary>
    public ArcOptions Options { get; }

    /// <summary>The device holding the weights; inputs must be on it.</summary>
    public Device Device => _network.Device;

    /// <summary>
    /// The mean pixel value subtracted from the training images (after scaling to [0, 1]); saved with the model
    /// so that images loaded later are centred the same way. 0 until a trainer sets it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1].</exception>
    public double PixelMean
    {
        get => _pixelMean;
        set
        {
            ImageDecoder.CheckMeanPixel(value, nameof(value));
            _pixelMean = value;
        }
    }

    private double _pixelMean;

    /// <summary>
    /// How this comparator's input images are prepared: <see cref="ArcOptions.ImageSize"/>,
    /// <see cref="ArcOptions.ImageChannels"/>, and whether ink is inverted. Saved in the model file, so that
    /// <see cref="ReadImages"/> prepares new images the way the training images were, and
    /// <c>ImageDataset.Load(folder, comparator.Preprocessing)</c> loads evaluation data alike. A trainer sets it from the
    /// training data; a new comparator, and a model file written before colour and inversion settings existed, have
    /// <see cref="ImagePreprocessing.Omniglot"/>'s inverted gray.
    /// </summary>
    /// <exception cref="ArgumentException">The value's size or channels differ from <see cref="Options"/>, or it leaves <see cref="ImagePreprocessing.InvertInk"/> undecided.</exception>
    public ImagePreprocessing Preprocessing
    {
        get => new() { ImageSize = Options.ImageSize, Channels = Options.ImageChannels, InvertInk = _invertInk };
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.ImageSize != Options.ImageSize || value.Channels != Options.ImageChannels)
                throw new ArgumentException(
                    $"The preprocessing gives {value.Channels} x {value.ImageSize} x {value.ImageSize} images but the model takes {Options.ImageChannels} x {Options.ImageSize} x {Options.ImageSize}; " +
                    "load the data with the model's ImageSize and ImageChannels.", nameof(value));
            _invertInk = value.InvertInk ?? throw new ArgumentException(
                "The preprocessing leaves InvertInk undecided; give a dataset's Preprocessing, which says whether its ink was inverted.", nameof(value));
        }
    }

    private bool _invertInk = true;

    /// <summary>Number of trainable numbers in the model.</summary>
    public long ParameterCount => _network.Module.parameters().Sum(p => p.numel());

    /// <summary>
    /// The TorchSharp module the comparator runs: use it to hook ARC, fine-tune it with your own loop, or copy its
    /// weights (<c>state_dict()</c>) into a network inside a model of your own. The comparator owns it: it is disposed
    /// with the comparator. Keep it on <see cref="Device"/>, and after training leave it in eval mode.
    /// </summary>
    public ArcNetwork Network => _network.Module;

    /// <summary>
    /// The probability that each pair (<paramref name="first"/>[i], <paramref name="second"/>[i]) shows the same thing.
    /// </summary>
    /// <param name="first">Images (B, C, A, A), or (B, A, A) when gray, float32, on <see cref="Device"/>.</param>
    /// <param name="second">Images of the same shape.</param>
    /// <returns>A new (B) tensor of probabilities in [0, 1] on <see cref="Device"/>; dispose it when done.</returns>
    /// <exception cref="ArgumentException">Wrong rank, size, dtype or device, unequal batch sizes, or NaN/infinite values.</exception>
    public Tensor Similarity(Tensor first, Tensor second)
    {
        var network = Network;
        using var scope = NewDisposeScope();
        var (a, b) = ImageBatch.ValidatePair(first, second, Options, Device);
        var probabilities = Inference.Inferring(network, () =>
        {
            if (!Options.AverageBothOrders)
                return network.call(a, b).sigmoid();
            long batch = a.shape[0];
            var both = network.call(cat(new[] { a, b }, 0), cat(new[] { b, a }, 0)).sigmoid();   // (2B)
            return (both[..(int)batch] + both[(int)batch..]) / 2;
        });
        // Copied outside inference mode, so the caller gets an ordinary tensor it may modify in place or use in autograd.
        return probabilities.clone().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Compares one pair while recording every step of the controller: which image it read, where its window was,
    /// what it saw and which pixels it weighed. Draw the result with <see cref="TraceRenderer"/>.
    /// </summary>
    /// <param name="first">One image, (C, A, A) or (1, C, A, A), or (A, A) when gray, float32, on <see cref="Device"/>.</param>
    /// <param name="second">The image to compare it with, shaped likewise.</param>
    /// <returns>A trace holding managed copies only: nothing to dispose.</returns>
    /// <exception cref="ArgumentException">Not exactly one image each, or wrong size, dtype or device, or NaN/infinite values.</exception>
    public ComparisonTrace Trace(Tensor first, Tensor second)
    {
        var network = Network;
        using var scope = NewDisposeScope();
        var (a, b) = (ImageBatch.ValidateOne(first, nameof(first), Options, Device), ImageBatch.ValidateOne(second, nameof(second), Options, Device));
        return Inference.Evaluating(network, () => TraceRecorder.Record(network, a, b));
    }

    /// <summary>
    /// Reads image files (PNG, JPEG, WebP, BMP, or a GIF's first frame) and prepares them as this comparator's input,
    /// the way its training data was prepared (<see cref="Preprocessing"/>): antialiased resize to
    /// <see cref="ArcOptions.ImageSize"/>, gray or colour, ink inverted or not, scaled to [0, 1], <see cref="PixelMean"/>
    /// subtracted.
    /// </summary>
    /// <returns>A new (K, C, A, A) float32 tensor on <see cref="Device"/>, one image per path.</returns>
    /// <param name="paths">Image files, one image each.</param>
    /// <exception cref="ArgumentException">No path, or a null or blank one.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, not of a supported format, larger than 16 MB or more than 4096 px a side; the message names it.</exception>
    public Tensor ReadImages(params string[] paths)
    {
        _network.ThrowIfDisposed();
        return ImageDecoder.ReadFiles(paths, Preprocessing, PixelMean, Device);
    }

    /// <summary>Writes the comparator (settings, preprocessing, pixel mean, weights, format version) to one file, atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; an existing file at <paramref name="path"/> is left intact.</exception>
    public void Save(string path) => Save(path, open: null);

    /// <summary><see cref="Save(string)"/> with the temporary file opened by <paramref name="open"/>: a test seam for failing streams.</summary>
    internal void Save(string path, Func<string, Stream>? open) => _network.Save(path, FileKind, new SavedSettings(Options, PixelMean, _invertInk), open);

    /// <summary>Restores a comparator written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="device">Where to put it; <c>null</c> means the CPU.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not an ArcNet comparator, from a newer format, or its weights do not match its settings.</exception>
    public static ArcComparator Load(string path, Device? device = null)
    {
        var (settings, weights) = ModelFile.Read<SavedSettings>(path, FileKind, saved =>
        {
            saved.Options.Validate();
            ImageDecoder.CheckMeanPixel(saved.PixelMean, nameof(PixelMean));
        });
        var comparator = new ArcComparator(settings.Options, device) { PixelMean = settings.PixelMean, _invertInk = settings.InvertInk };
        return comparator._network.Restore(comparator, weights, path);
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// Similarities (Q, K) of every (support, query) pair of validated batches, each image encoded once (a trunk runs
    /// on Q + K images, not on 2QK), in eval mode under inference mode. Pairs are compared in the order
    /// (support, query), and in both orders averaged when <paramref name="bothOrders"/> is set.
    /// </summary>
    internal Tensor SimilarityMatrix(Tensor support, Tensor queries, bool bothOrders)
    {
        using var scope = NewDisposeScope();
        long queryCount = queries.shape[0], supportCount = support.shape[0];
        var (supportOfPair, queryOfPair) = AllPairs(supportCount, queryCount);
        var similarities = OverPairs(support, queries, supportOfPair, queryOfPair, (network, a, b) =>
        {
            var forward = network.Compare(a, b).sigmoid();
            return bothOrders && network.HasController ? (forward + network.Compare(b, a).sigmoid()) / 2 : forward;
        });
        return similarities.view(queryCount, supportCount).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// What Full Context ARC reads of the pairs (<paramref name="support"/>[s], <paramref name="queries"/>[q]) given by the
    /// int64 index tensors: h_T followed by the similarity logit, (P, H + 1), each image encoded once, as an ordinary
    /// tensor (the context trainer feeds it to autograd).
    /// </summary>
    internal Tensor Relations(Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair) =>
        OverPairs(support, queries, supportOfPair, queryOfPair, (network, a, b) => network.Relations(a, b));

    /// <summary>The similarity logits (P) of the pairs the index tensors give, in the order (support, query), as <see cref="Relations"/> reads them.</summary>
    internal Tensor Logits(Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair) =>
        OverPairs(support, queries, supportOfPair, queryOfPair, (network, a, b) => network.Compare(a, b));

    /// <summary>Index tensors of every (support, query) pair, query-major: pair p = (support[p mod K], query[p / K]), so (Q * K) results reshape to (Q, K).</summary>
    internal (Tensor SupportOfPair, Tensor QueryOfPair) AllPairs(long supportCount, long queryCount)
    {
        var pair = arange(queryCount * supportCount, dtype: int64, device: Device);
        return (pair.remainder(supportCount), pair.div(supportCount, rounding_mode: RoundingMode.floor));
    }

    /// <summary>
    /// <paramref name="compute"/> over the pairs the index tensors give, in eval mode under inference mode, in slices of
    /// bounded size, each image encoded once; copied out of inference mode, so callers get an ordinary tensor.
    /// </summary>
    private Tensor OverPairs(Tensor support, Tensor queries, Tensor supportOfPair, Tensor queryOfPair, Func<ArcNetwork, Encoding, Encoding, Tensor> compute)
    {
        var network = Network;
        using var scope = NewDisposeScope();
        var result = Inference.Inferring(network, () =>
        {
            var supportCodes = network.Encode(support);
            var queryCodes = network.Encode(queries);
            return Inference.InSlices(supportOfPair, queryOfPair, (s, q) => compute(network, supportCodes.Select(s), queryCodes.Select(q)));
        });
        return result.clone().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// What a model file holds besides the weights. Its property names are the file's JSON: never rename them. A file
    /// written before <paramref name="InvertInk"/> existed lacks it and was trained on inverted ink.
    /// </summary>
    private sealed record SavedSettings(ArcOptions Options, double PixelMean, bool InvertInk = true);
}
