using ArcNet.Data;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// The labelled examples of a one-shot task, read from a folder and prepared for one comparator: each image file in the
/// folder is a class of its own, named by the file (<c>support/cat.jpg</c> is class <c>cat</c>), and each subfolder is
/// a class holding one or more images of it (<c>support/dog/1.jpg</c>, <c>support/dog/2.jpg</c>). Classify queries
/// against it with <see cref="OneShotClassifier.Classify(IReadOnlyList{string}, SupportSet)"/>. It owns the prepared
/// images: dispose it.
/// </summary>
/// <example>
/// <code>
/// using var comparator = ArcComparator.Load("logos.arc");
/// using var support = SupportSet.Load("known-logos/", comparator);
/// foreach (var prediction in new OneShotClassifier(comparator).Classify(["photo1.jpg", "photo2.png"], support))
///     Console.WriteLine($"{prediction.Label} {prediction.Scores.Max(s => s.Value):0.000}");
/// </code>
/// </example>
public sealed class SupportSet : IDisposable
{
    private readonly string[] _labels;
    private readonly string[] _paths;
    private readonly Tensor _images;

    private SupportSet(string[] labels, string[] paths, Tensor images, ArcComparator comparator)
    {
        _labels = labels;
        _paths = paths;
        _images = images;
        Preparation = comparator.Preparation;
    }

    /// <summary>The class of each image, in the order of <see cref="Paths"/>.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Each image's file, ordered by class name, then file name.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The classes, in ordinal order.</summary>
    public IReadOnlyList<string> Classes => _labels.Distinct().ToArray();

    /// <summary>The images prepared for the comparator the set was loaded for, (K, C, A, A) on its device; owned by the set.</summary>
    public Tensor Images
    {
        get
        {
            ObjectDisposedException.ThrowIf(_images.IsInvalid, this);
            return _images;
        }
    }

    /// <summary>How the images were prepared: a classifier checks that its comparator prepares queries the same way.</summary>
    internal (ImagePreprocessing Preprocessing, double PixelMean) Preparation { get; }

    /// <summary>Reads the support folder and prepares its images as <paramref name="comparator"/> reads images (<see cref="ArcComparator.ReadImages"/>).</summary>
    /// <param name="folder">Image files named by their class, and folders named by their class holding its images.</param>
    /// <param name="comparator">The comparator the queries will be compared with.</param>
    /// <exception cref="ArgumentException">The path is a file, not a folder.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The folder holds no images, a class folder holds none, two entries name the same class, or an image is damaged or
    /// unsupported; the message names it.
    /// </exception>
    public static SupportSet Load(string folder, ArcComparator comparator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(comparator);
        if (File.Exists(folder))
            throw new ArgumentException($"Support folder '{folder}' is a file; give the folder of support images (image files named by their class, or class folders of images).", nameof(folder));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Support folder '{folder}' does not exist.");

        var examples = ImagesIn(folder).Select(path => (Class: Path.GetFileNameWithoutExtension(path), Path: path, Loose: true)).ToList();
        foreach (var classFolder in Directory.GetDirectories(folder).Where(d => !ImageSourceReader.IsPassedOver(Path.GetFileName(d))))
        {
            var ofClass = ImagesIn(classFolder);
            if (ofClass.Length == 0)
                throw new InvalidDataException($"Class folder '{classFolder}' holds no images ({ImageFormats.Supported}); put at least one image of the class in it, or remove it.");
            examples.AddRange(ofClass.Select(path => (Class: Path.GetFileName(classFolder), Path: path, Loose: false)));
        }
        if (examples.Count == 0)
            throw new InvalidDataException(
                $"Support folder '{folder}' holds no images ({ImageFormats.Supported}); put one image per class in it, named by the class, or a folder per class.");
        var clash = examples.GroupBy(e => e.Class, StringComparer.Ordinal).FirstOrDefault(c => c.Count(e => e.Loose) > 1 || (c.Any(e => e.Loose) && c.Any(e => !e.Loose)));
        if (clash is not null)
            throw new InvalidDataException(
                $"Support folder '{folder}' names class '{clash.Key}' more than once ({string.Join(", ", clash.Select(e => e.Loose ? Path.GetFileName(e.Path) : e.Class + "/").Distinct())}); keep one.");

        var ordered = examples.OrderBy(e => e.Class, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal).ToArray();
        var paths = ordered.Select(e => e.Path).ToArray();
        var images = comparator.ReadImages(paths).DetachFromDisposeScope();   // the set outlives a caller's dispose scope
        return new SupportSet(ordered.Select(e => e.Class).ToArray(), paths, images, comparator);
    }

    private static string[] ImagesIn(string folder) => Directory.GetFiles(folder)
        .Where(path => ImageFormats.IsImageFile(path) && !ImageSourceReader.IsPassedOver(Path.GetFileName(path)))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Frees the images.</summary>
    public void Dispose() => _images.Dispose();
}
