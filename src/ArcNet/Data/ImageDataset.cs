using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ArcNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// A labelled image collection held in memory, prepared for ARC as <see cref="Preprocessing"/> says: resized to
/// <see cref="ImageSize"/> x <see cref="ImageSize"/> with an antialiased filter, gray or colour, ink inverted when the
/// background is light (ink = 1, background = 0, as ARC reads Omniglot).
/// </summary>
/// <remarks>
/// <para>
/// Reads image folders and zip archives laid out like torchvision's <c>ImageFolder</c>, <c>&lt;class&gt;/&lt;image&gt;</c>,
/// or with groups, <c>&lt;group&gt;/&lt;class&gt;/&lt;image&gt;</c>, either of them optionally inside one more folder
/// (a single folder holding everything is such a wrapper, not a group); images may be PNG, JPEG, WebP, BMP or GIF. A group gathers related classes: training draws its hard negatives (two
/// different classes) from one group, and one-shot episodes stay inside one. Omniglot is the grouped case:
/// <c>images_background/&lt;Alphabet&gt;/characterNN/&lt;charId&gt;_&lt;drawer&gt;.png</c>, alphabets as groups and
/// characters as classes. Without groups, every class belongs to one group named "".
/// </para>
/// <para>
/// A class is identified by its (group, class folder) pair, and an image by (group, class folder, file name): when
/// several sources hold the same image (the two small Omniglot background sets share Greek and Latin), it is kept once.
/// Everything is sorted ordinally by group, class folder and file name, so group, class and image indices do not depend
/// on the file system or on the order of sources. All pixels live in one uint8 tensor (M, C, A, A);
/// <see cref="Images"/> converts only the requested ones to model input.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var data = ImageDataset.Load("signatures/");                  // signatures/&lt;person&gt;/&lt;scan&gt;.jpg
/// var (train, validation) = ImageSplit.ByInstance(data.All);          // a fifth of each class's images validate
/// </code>
/// </example>
public sealed partial class ImageDataset : IDisposable
{
    private readonly Tensor _pixels; // (M, C, A, A) uint8, CPU
    private readonly int[] _groupOf;
    private readonly int[] _classOf;
    private readonly int[] _instanceOf;
    private readonly string[] _imageNames;
    private readonly string[] _groupNames;
    private readonly string[] _classNames;
    private bool _disposed;

    private ImageDataset(Tensor pixels, ImagePreprocessing preprocessing, int[] groupOf, int[] classOf, int[] instanceOf,
        string[] imageNames, string[] groupNames, string[] classNames, TimeSpan loadTime)
    {
        _pixels = pixels;
        Preprocessing = preprocessing;
        _groupOf = groupOf;
        _classOf = classOf;
        _instanceOf = instanceOf;
        _imageNames = imageNames;
        _groupNames = groupNames;
        _classNames = classNames;
        LoadTime = loadTime;
        using (var scope = NewDisposeScope())
            MeanPixel = pixels.to_type(ScalarType.Float64).mean().item<double>() / 255.0;
        All = new ImageSubset(this, Enumerable.Range(0, Count).ToArray());
    }

    /// <summary>Side length A of every image, in pixels.</summary>
    public int ImageSize => Preprocessing.ImageSize;

    /// <summary>
    /// How the images were prepared: their side, channels, and whether ink was inverted (decided from the images when
    /// the caller left it open). Load more data with it to prepare it alike; a trainer gives it to the comparator.
    /// </summary>
    public ImagePreprocessing Preprocessing { get; }

    /// <summary>Number of images M.</summary>
    public int Count => _groupOf.Length;

    /// <summary>Group names (Omniglot's alphabets) in ordinal order; a group index points into this list. One group, "", without groups.</summary>
    public IReadOnlyList<string> GroupNames => _groupNames;

    /// <summary>Number of distinct classes (group, class folder) across all groups.</summary>
    public int ClassCount => _classNames.Length;

    /// <summary>Class names, <c>group/class</c> (Omniglot: <c>Alphabet/characterNN</c>) or just <c>class</c> without groups, in ordinal order; a class index points into this list.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Group index of each image.</summary>
    public IReadOnlyList<int> GroupOf => _groupOf;

    /// <summary>Class index (global, over all groups) of each image.</summary>
    public IReadOnlyList<int> ClassOf => _classOf;

    /// <summary>
    /// Which instance of its class each image is: the drawer number when every file is named like Omniglot's
    /// <c>&lt;charId&gt;_&lt;drawer&gt;.png</c> (1..20), otherwise the image's place in its class in file-name order,
    /// from 1, each image its own instance. Same-class training pairs are two different instances, and
    /// <see cref="ImageSplit.ByInstance"/> holds out each class's last ones.
    /// </summary>
    public IReadOnlyList<int> InstanceOf => _instanceOf;

    /// <summary>Each image's path inside its source, as <c>group/class/file</c>, or <c>class/file</c> without groups.</summary>
    public IReadOnlyList<string> ImageNames => _imageNames;

    /// <summary>
    /// Mean pixel value over all images and channels after scaling to [0, 1] (about 0.08 for Omniglot at 32 x 32).
    /// <see cref="Images"/> subtracts it by default; keep it with a trained model so that other data
    /// (Lake's runs, new images) are centred the same way. One mean for all channels: ARC's inputs need centring, not
    /// per-channel whitening, and one number keeps Omniglot's models and files as they were.
    /// </summary>
    public double MeanPixel { get; }

    /// <summary>How long <c>Load</c> took, decoding included.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>A view of every image.</summary>
    public ImageSubset All { get; }

    /// <summary>
    /// Loads and merges image sources, each a folder or a .zip file laid out as <c>&lt;class&gt;/&lt;image&gt;</c> or
    /// <c>&lt;group&gt;/&lt;class&gt;/&lt;image&gt;</c>, optionally inside one more folder (so an Omniglot set folder and
    /// the folder or archive holding it both load).
    /// </summary>
    /// <param name="sources">Folders and .zip files, in priority order when an image occurs in several.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> means <c>new ImagePreprocessing()</c>: 32 x 32 gray, ink inverted when the background is light.</param>
    /// <exception cref="FileNotFoundException">A source does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">
    /// A source holds no images, mixes layouts, is not a readable zip, or holds a damaged image, one of an unsupported
    /// format or one over the size limits (16 MB, 4096 px a side); the message names it.
    /// </exception>
    /// <exception cref="ArgumentException">A preprocessing setting is out of range, or the images would not fit in memory at its size.</exception>
    public static ImageDataset Load(IEnumerable<string> sources, ImagePreprocessing? preprocessing = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        preprocessing = (preprocessing ?? new ImagePreprocessing()).Validate();
        var clock = Stopwatch.StartNew();
        var files = new List<EncodedImage>();
        foreach (var source in sources)
        {
            if (string.IsNullOrWhiteSpace(source))
                throw new ArgumentException($"A source is null or blank; give folders or .zip files laid out as {ImageSourceReader.LayoutDescription}.", nameof(sources));
            files.AddRange(ImageSourceReader.Read(source));
        }
        if (files.Count == 0)
            throw new ArgumentException("No image sources were given.", nameof(sources));
        return Build(files, preprocessing, clock);
    }

    /// <summary>Loads one folder or .zip file; see <see cref="Load(IEnumerable{string}, ImagePreprocessing?)"/>.</summary>
    /// <param name="source">A folder or .zip file laid out as <c>&lt;class&gt;/&lt;image&gt;</c> or <c>&lt;group&gt;/&lt;class&gt;/&lt;image&gt;</c>.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> for the defaults.</param>
    public static ImageDataset Load(string source, ImagePreprocessing? preprocessing = null) => Load([source], preprocessing);

    /// <summary>
    /// Loads and merges zip archives given as streams, such as embedded resources.
    /// </summary>
    /// <param name="archives">Each archive with a name used in error messages, in priority order.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> for the defaults.</param>
    /// <exception cref="InvalidDataException">An archive is not a readable zip, holds no images, mixes layouts, or holds a damaged image; the message names it.</exception>
    public static ImageDataset Load(IEnumerable<(string Name, Stream Zip)> archives, ImagePreprocessing? preprocessing = null)
    {
        ArgumentNullException.ThrowIfNull(archives);
        preprocessing = (preprocessing ?? new ImagePreprocessing()).Validate();
        var clock = Stopwatch.StartNew();
        var files = new List<EncodedImage>();
        foreach (var (name, zip) in archives)
        {
            if (zip is null || string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"Archive '{name}' has {(zip is null ? "no stream" : "a blank name")}; give each zip stream with a name for error messages.", nameof(archives));
            files.AddRange(ImageSourceReader.ReadZip(zip, name));
        }
        if (files.Count == 0)
            throw new ArgumentException("No image archives were given.", nameof(archives));
        return Build(files, preprocessing, clock);
    }

    private static ImageDataset Build(List<EncodedImage> files, ImagePreprocessing preprocessing, Stopwatch clock)
    {
        // The first source holding an image wins; the rest are copies of it.
        var unique = new Dictionary<(string, string, string), EncodedImage>();
        foreach (var file in files)
            unique.TryAdd((file.Group, file.Class, file.FileName), file);
        var images = unique.Values
            .OrderBy(f => f.Group, StringComparer.Ordinal)
            .ThenBy(f => f.Class, StringComparer.Ordinal)
            .ThenBy(f => f.FileName, StringComparer.Ordinal)
            .ToArray();

        string ClassName(EncodedImage f) => f.Group.Length == 0 ? f.Class : $"{f.Group}/{f.Class}";
        var groupNames = images.Select(f => f.Group).Distinct().ToArray(); // already ordinal
        var groupIndex = groupNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var classNames = images.Select(ClassName).Distinct().ToArray();
        var classIndex = classNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var classOf = images.Select(f => classIndex[ClassName(f)]).ToArray();

        int m = images.Length, size = preprocessing.ImageSize, channels = preprocessing.Channels;
        var pixels = ImageDecoder.PixelBuffer(m, channels, size, nameof(preprocessing));
        ImageDecoder.DecodeAll(m, i => (images[i].Bytes, images[i].Origin), size, channels, pixels);
        bool invert = preprocessing.InvertInk ?? InkInversion.Detect(pixels, m, channels, size);
        if (invert)
            InkInversion.Apply(pixels);

        TorchRuntime.EnsureAvailable();
        // The dataset owns its pixels: a caller's dispose scope must not free them.
        var tensor = torch.tensor(pixels, [m, channels, size, size], ScalarType.Byte).DetachFromDisposeScope(); // (M, C, A, A)
        return new ImageDataset(
            tensor,
            preprocessing with { InvertInk = invert },
            images.Select(f => groupIndex[f.Group]).ToArray(),
            classOf,
            Instances(images, classOf),
            images.Select(f => $"{ClassName(f)}/{f.FileName}").ToArray(),
            groupNames,
            classNames,
            clock.Elapsed);
    }

    /// <summary>Omniglot's drawers when every file name gives one; otherwise each image's place in its class, from 1.</summary>
    private static int[] Instances(EncodedImage[] images, int[] classOf)
    {
        var drawers = images.Select(f => OmniglotName().Match(f.FileName)).ToArray();
        if (drawers.All(match => match.Success))
            return drawers.Select(match => int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToArray();
        var instances = new int[images.Length];
        for (int i = 0; i < images.Length; i++)
            instances[i] = i > 0 && classOf[i] == classOf[i - 1] ? instances[i - 1] + 1 : 1;   // images are sorted by class
        return instances;
    }

    [GeneratedRegex(@"^\d+_(\d+)\.png$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OmniglotName();

    /// <summary>
    /// The images at <paramref name="indices"/> as model input: float (K, C, A, A), scaled to [0, 1] and
    /// centred by subtracting <paramref name="meanPixel"/> (default <see cref="MeanPixel"/>).
    /// </summary>
    /// <param name="indices">Image indices, 0 ≤ i &lt; <see cref="Count"/>; repeats allowed.</param>
    /// <param name="device">Device of the result; CPU when null.</param>
    /// <param name="meanPixel">Mean to subtract, e.g. the one a model was trained with.</param>
    public Tensor Images(IReadOnlyList<int> indices, Device? device = null, double? meanPixel = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var positions = new long[indices.Count];
        for (int k = 0; k < positions.Length; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Image index must be in [0, {Count}).");
            positions[k] = i;
        }
        using var scope = NewDisposeScope();
        var selected = _pixels.index_select(0, torch.tensor(positions)); // (K, C, A, A) uint8
        return ImageDecoder.ToModelInput(selected, meanPixel ?? MeanPixel, device).MoveToOuterDisposeScope();
    }

    /// <summary>Refuses images the model of <paramref name="options"/> cannot take, naming <paramref name="parameterName"/> and the fix.</summary>
    internal void CheckFits(ComparatorOptions options, string parameterName)
    {
        int channels = Preprocessing.Channels;
        if (ImageSize != options.ImageSize || channels != options.ImageChannels)
            throw new ArgumentException(
                $"The '{parameterName}' images are {channels} x {ImageSize} x {ImageSize} but the model takes {options.ImageChannels} x {options.ImageSize} x {options.ImageSize}; " +
                $"load the data with ImageSize {options.ImageSize} and Channels {options.ImageChannels}.", parameterName);
    }

    /// <summary>A view of the images at <paramref name="imageIndices"/> (sorted, duplicates removed); no pixels are copied.</summary>
    public ImageSubset Subset(IEnumerable<int> imageIndices)
    {
        ArgumentNullException.ThrowIfNull(imageIndices);
        var sorted = imageIndices.Distinct().Order().ToArray();
        if (sorted.Length > 0 && (sorted[0] < 0 || sorted[^1] >= Count))
            throw new ArgumentOutOfRangeException(nameof(imageIndices), $"Image indices must be in [0, {Count}).");
        return new ImageSubset(this, sorted);
    }

    /// <summary>Frees the pixel tensor.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _pixels.Dispose();
    }
}
