using System.Diagnostics;
using ArcNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Data;

/// <summary>
/// Omniglot images held in memory, prepared for ARC as <see cref="Preprocessing"/> says: resized to
/// <see cref="ImageSize"/> x <see cref="ImageSize"/> with an antialiased filter, gray or colour, and for Omniglot ink
/// inverted (ink = 1, background = 0).
/// </summary>
/// <remarks>
/// <para>
/// Reads the standard layout <c>&lt;set&gt;/&lt;Alphabet&gt;/characterNN/&lt;charId&gt;_&lt;drawer&gt;.png</c> from
/// folders and zip archives. A character is identified by its (alphabet, character folder) pair, and an
/// image by (alphabet, character folder, file name): when several sources hold the same image (the two
/// small background sets share Greek and Latin), it is kept once.
/// </para>
/// <para>
/// Everything is sorted ordinally by alphabet, character folder and file name, so alphabet, character and
/// image indices do not depend on the file system or on the order of sources. All pixels live in one uint8
/// tensor (M, C, A, A); <see cref="Images"/> converts only the requested ones to model input.
/// </para>
/// </remarks>
public sealed class ImageDataset : IDisposable
{
    private readonly Tensor _pixels; // (M, C, A, A) uint8, CPU
    private readonly int[] _alphabetOf;
    private readonly int[] _characterOf;
    private readonly int[] _drawerOf;
    private readonly string[] _imageNames;
    private readonly string[] _alphabetNames;
    private readonly string[] _characterNames;
    private bool _disposed;

    private ImageDataset(Tensor pixels, ImagePreprocessing preprocessing, int[] alphabetOf, int[] characterOf, int[] drawerOf,
        string[] imageNames, string[] alphabetNames, string[] characterNames, TimeSpan loadTime)
    {
        _pixels = pixels;
        Preprocessing = preprocessing;
        _alphabetOf = alphabetOf;
        _characterOf = characterOf;
        _drawerOf = drawerOf;
        _imageNames = imageNames;
        _alphabetNames = alphabetNames;
        _characterNames = characterNames;
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
    public int Count => _alphabetOf.Length;

    /// <summary>Alphabet names in ordinal order; an alphabet index points into this list.</summary>
    public IReadOnlyList<string> GroupNames => _alphabetNames;

    /// <summary>Number of distinct characters (alphabet, character folder) across all alphabets.</summary>
    public int ClassCount => _characterNames.Length;

    /// <summary>Character names as <c>Alphabet/characterNN</c>, in ordinal order; a character index points into this list.</summary>
    public IReadOnlyList<string> ClassNames => _characterNames;

    /// <summary>Alphabet index of each image.</summary>
    public IReadOnlyList<int> GroupOf => _alphabetOf;

    /// <summary>Character index (global, over all alphabets) of each image.</summary>
    public IReadOnlyList<int> ClassOf => _characterOf;

    /// <summary>Drawer number of each image, as in its file name (1..20 for Omniglot).</summary>
    public IReadOnlyList<int> InstanceOf => _drawerOf;

    /// <summary>Each image's path inside its source, as <c>Alphabet/characterNN/charId_drawer.png</c>.</summary>
    public IReadOnlyList<string> ImageNames => _imageNames;

    /// <summary>
    /// Mean pixel value over all images after scaling to [0, 1] (about 0.08 for Omniglot at 32 x 32).
    /// <see cref="Images"/> subtracts it by default; keep it with a trained model so that other data
    /// (Lake's runs, new images) are centred the same way.
    /// </summary>
    public double MeanPixel { get; }

    /// <summary>How long <c>Load</c> took, decoding included.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>A view of every image.</summary>
    public ImageSubset All { get; }

    /// <summary>
    /// Loads and merges Omniglot sources, each a folder or a .zip file in the standard layout (the set folder
    /// itself, or the folder or archive that contains it).
    /// </summary>
    /// <param name="sources">Folders and .zip files, in priority order when an image occurs in several.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> means <c>new ImagePreprocessing()</c>: 32 x 32 gray, ink inverted when the background is light.</param>
    /// <exception cref="FileNotFoundException">A source does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">A source holds no images in the layout, is not a readable zip, or holds a corrupt image; the message names it.</exception>
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
                throw new ArgumentException("A source is null or blank; give folders or .zip files in the Omniglot layout.", nameof(sources));
            files.AddRange(ImageSourceReader.Read(source));
        }
        if (files.Count == 0)
            throw new ArgumentException("No Omniglot sources were given.", nameof(sources));
        return Build(files, preprocessing, clock);
    }

    /// <summary>Loads one folder or .zip file; see <see cref="Load(IEnumerable{string}, ImagePreprocessing?)"/>.</summary>
    /// <param name="source">A folder or .zip file in the standard layout.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> for the defaults.</param>
    public static ImageDataset Load(string source, ImagePreprocessing? preprocessing = null) => Load([source], preprocessing);

    /// <summary>
    /// Loads and merges zip archives given as streams, such as embedded resources.
    /// </summary>
    /// <param name="archives">Each archive with a name used in error messages, in priority order.</param>
    /// <param name="preprocessing">How to prepare the images; <c>null</c> for the defaults.</param>
    /// <exception cref="InvalidDataException">An archive is not a readable zip, holds no images in the layout, or holds a corrupt image; the message names it.</exception>
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
            throw new ArgumentException("No Omniglot archives were given.", nameof(archives));
        return Build(files, preprocessing, clock);
    }

    private static ImageDataset Build(List<EncodedImage> files, ImagePreprocessing preprocessing, Stopwatch clock)
    {
        // The first source holding an image wins; the rest are copies of it.
        var unique = new Dictionary<(string, string, string), EncodedImage>();
        foreach (var file in files)
            unique.TryAdd((file.Alphabet, file.Character, file.FileName), file);
        var images = unique.Values
            .OrderBy(f => f.Alphabet, StringComparer.Ordinal)
            .ThenBy(f => f.Character, StringComparer.Ordinal)
            .ThenBy(f => f.FileName, StringComparer.Ordinal)
            .ToArray();

        var alphabetNames = images.Select(f => f.Alphabet).Distinct().ToArray(); // already ordinal
        var alphabetIndex = alphabetNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var characterNames = images.Select(f => $"{f.Alphabet}/{f.Character}").Distinct().ToArray();
        var characterIndex = characterNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        int m = images.Length, size = preprocessing.ImageSize, channels = preprocessing.Channels;
        var pixels = ImageDecoder.PixelBuffer(m, channels, size, nameof(preprocessing));
        ImageDecoder.DecodeAll(m, i => (images[i].Png, images[i].Origin), size, channels, pixels);
        bool invert = preprocessing.InvertInk ?? InkInversion.Detect(pixels, m, channels, size);
        if (invert)
            InkInversion.Apply(pixels);

        TorchRuntime.EnsureAvailable();
        // The dataset owns its pixels: a caller's dispose scope must not free them.
        var tensor = torch.tensor(pixels, [m, channels, size, size], ScalarType.Byte).DetachFromDisposeScope(); // (M, C, A, A)
        return new ImageDataset(
            tensor,
            preprocessing with { InvertInk = invert },
            images.Select(f => alphabetIndex[f.Alphabet]).ToArray(),
            images.Select(f => characterIndex[$"{f.Alphabet}/{f.Character}"]).ToArray(),
            images.Select(f => f.Drawer).ToArray(),
            images.Select(f => $"{f.Alphabet}/{f.Character}/{f.FileName}").ToArray(),
            alphabetNames,
            characterNames,
            clock.Elapsed);
    }

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
    internal void CheckFits(ArcOptions options, string parameterName)
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
