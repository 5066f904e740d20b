using ArcNet.Data;
using ArcNet.Guards;
using ArcNet.IO;
using ArcNet.Modules;
using ArcNet.Runtime;
using static TorchSharp.torch;

namespace ArcNet;

/// <summary>
/// Tells how likely two images show the same thing, with any of ArcNet's models (an Attentive Recurrent Comparator, or
/// the prototypical baseline): checks the inputs, runs the network in inference mode, prepares image files as the
/// training data was prepared, and saves and loads model files.
/// </summary>
/// <remarks>
/// Images are float32 tensors (B, C, A, A), or (B, A, A) when gray, prepared like the training data as
/// <see cref="Preprocessing"/> says (for Omniglot: ink 1, background 0), divided by 255, <see cref="PixelMean"/>
/// subtracted: <see cref="ReadImages"/> prepares files so. The network itself is <see cref="Network"/>; an ARC model's
/// (<see cref="ArcNetwork"/>) also gives representations and traces. The comparator owns native memory: dispose it when
/// done. It is not thread-safe; use one per thread.
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

    private readonly PersistentModule<ComparatorNetwork> _network;

    /// <summary>Builds a freshly initialised comparator.</summary>
    /// <param name="options">The model and its shape; <c>null</c> means the paper's plain ARC (<c>new PlainArcOptions()</c>).</param>
    /// <param name="device">Where the weights and all computation live; <c>null</c> means the CPU.</param>
    /// <param name="seed">
    /// When given, seeds TorchSharp's global generator first, so the same seed gives the same weights. The generator is
    /// process-wide: random numbers drawn on other threads during construction change the result.
    /// </param>
    /// <exception cref="ArgumentException">An option is out of range, or the device cannot be used.</exception>
    public ArcComparator(ComparatorOptions? options = null, Device? device = null, int? seed = null)
    {
        Options = (options ?? new PlainArcOptions()).Validate();
        _network = new PersistentModule<ComparatorNetwork>(Options.CreateNetwork, device, seed, typeof(ArcComparator));
    }

    /// <summary>The model and its shape.</summary>
    public ComparatorOptions Options { get; }

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
    /// How this comparator's input images are prepared: <see cref="ComparatorOptions.ImageSize"/>,
    /// <see cref="ComparatorOptions.ImageChannels"/>, and whether ink is inverted. Saved in the model file, so that
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
    /// weights (<c>state_dict()</c>) into a network inside a model of your own. An ARC model's is an
    /// <see cref="ArcNetwork"/>, which also gives representations (h_T) and traces. The comparator owns it: it is disposed
    /// with the comparator. Keep it on <see cref="Device"/>, and after training leave it in eval mode.
    /// </summary>
    public ComparatorNetwork Network => _network.Module;

    /// <summary>
    /// The probability that each pair (<paramref name="first"/>[i], <paramref name="second"/>[i]) shows the same thing.
    /// </summary>
    /// <param name="first">Images (B, C, A, A), or (B, A, A) when gray, float32, on <see cref="Device"/>.</param>
    /// <param name="second">Images of the same shape.</param>
    /// <param name="bothOrders">
    /// Average the similarities of (first, second) and (second, first), at twice the cost of comparing. An ARC model reads
    /// a pair in one order, so the two can differ a little; the prototypical network's are equal.
    /// </param>
    /// <returns>A new (B) tensor of probabilities in [0, 1] on <see cref="Device"/>; dispose it when done.</returns>
    /// <exception cref="ArgumentException">Wrong rank, size, dtype or device, unequal batch sizes, or NaN/infinite values.</exception>
    public Tensor Similarity(Tensor first, Tensor second, bool bothOrders = false)
    {
        var network = Network;
        using var scope = NewDisposeScope();
        var (a, b) = ImageBatch.ValidatePair(first, second, Options, Device);
        var probabilities = Inference.Inferring(network, () =>
        {
            var (firstCodes, secondCodes) = network.EncodePair(a, b);
            return network.Probabilities(firstCodes, secondCodes, bothOrders);
        });
        // Copied outside inference mode, so the caller gets an ordinary tensor it may modify in place or use in autograd.
        return probabilities.clone().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The probability that the images in two files show the same thing, each read and prepared as
    /// <see cref="ReadImages"/> prepares it.
    /// </summary>
    /// <param name="firstPath">An image file (PNG, JPEG, WebP, BMP, or a GIF's first frame).</param>
    /// <param name="secondPath">The image file to compare it with.</param>
    /// <param name="bothOrders">Average the two orders of comparison, at twice the cost.</param>
    /// <exception cref="ArgumentException">A path is null or blank.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, not of a supported format, or too large; the message names it.</exception>
    public double Similarity(string firstPath, string secondPath, bool bothOrders = false)
    {
        using var scope = NewDisposeScope();
        var images = ReadImages(firstPath, secondPath);
        return Similarity(images[0..1], images[1..2], bothOrders).item<float>();
    }

    /// <summary>
    /// Reads image files (PNG, JPEG, WebP, BMP, or a GIF's first frame) and prepares them as this comparator's input,
    /// the way its training data was prepared (<see cref="Preprocessing"/>): antialiased resize to
    /// <see cref="ComparatorOptions.ImageSize"/>, gray or colour, ink inverted or not, scaled to [0, 1], <see cref="PixelMean"/>
    /// subtracted.
    /// </summary>
    /// <returns>A new (K, C, A, A) float32 tensor on <see cref="Device"/>, one image per path.</returns>
    /// <param name="paths">Image files, one image each.</param>
    /// <exception cref="ArgumentException">No path, a null or blank one, or a folder.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is damaged, not of a supported format, larger than 16 MB or more than 4096 px a side; the message names it.</exception>
    public Tensor ReadImages(params string[] paths)
    {
        _network.ThrowIfDisposed();
        return ImageDecoder.ReadFiles(paths, Preprocessing, PixelMean, Device);
    }

    /// <summary>
    /// How this comparator prepares the images it reads (<see cref="ReadImages"/>): what a support set or Lake's runs
    /// loaded for it keep, so that a comparator that prepares images otherwise can refuse them.
    /// </summary>
    internal (ImagePreprocessing Preprocessing, double PixelMean) Preparation => (Preprocessing, PixelMean);

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
    /// <remarks>Files of every format ArcNet has written load, format 1 (before each model had its own options) included.</remarks>
    public static ArcComparator Load(string path, Device? device = null) =>
        Restore(ModelFile.Read<SavedSettings>(path, FileKind, Check), path, device);

    /// <summary>Restores a comparator from a stream holding a model file, such as an embedded resource, read to its end and left open.</summary>
    /// <param name="stream">A readable stream positioned at the start of a model file written by <see cref="Save(string)"/>.</param>
    /// <param name="device">Where to put it; <c>null</c> means the CPU.</param>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidDataException">The model is truncated, corrupt, not an ArcNet comparator, from a newer format, or its weights do not match its settings.</exception>
    public static ArcComparator Load(Stream stream, Device? device = null) =>
        Restore(ModelFile.Read<SavedSettings>(stream, FileKind, Check), ModelFile.NameOf(stream), device);

    private static void Check(SavedSettings saved)
    {
        if (saved.Options is null)
            throw new ArgumentException("the settings name no model options.", nameof(Options));
        saved.Options.Validate();
        ImageDecoder.CheckMeanPixel(saved.PixelMean, nameof(PixelMean));
    }

    private static ArcComparator Restore((SavedSettings Settings, byte[] Weights) file, string name, Device? device)
    {
        var (settings, weights) = file;
        var comparator = new ArcComparator(settings.Options, device) { PixelMean = settings.PixelMean, _invertInk = settings.InvertInk };
        return comparator._network.Restore(comparator, weights, name);
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// What a model file holds besides the weights. Its property names are the file's JSON: never rename them. A file
    /// written before <paramref name="InvertInk"/> existed lacks it and was trained on inverted ink. The options carry
    /// the model's kind (their <c>Model</c> property); format-1 files, written before each model had its own options,
    /// are upgraded as they are read (<see cref="FormatOneSettings"/>).
    /// </summary>
    private sealed record SavedSettings(ComparatorOptions Options, double PixelMean, bool InvertInk = true);
}
