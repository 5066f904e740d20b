using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Runtime;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Guards;

/// <summary>
/// Public entry points refuse bad arguments up front, with an <see cref="ArgumentException"/> whose
/// <see cref="ArgumentException.ParamName"/> is the caller's parameter and whose message says what to do,
/// rather than failing later, deeper, or with a NaN model.
/// </summary>
[Collection(OmniglotCollection.Name)]
public class ArgumentValidationTests(OmniglotTestData data)
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 16, GlimpsesPerImage = 1 };
    private static readonly TrainingOptions Quick = new() { MaxSteps = 1, BatchSize = 4, ValidationBatches = 1 };

    /// <summary>Call (given the shared Omniglot data), parameter the exception must name, and a fragment of the advice its message must give.</summary>
    private static readonly Dictionary<string, (Action<ImageDataset> Call, string Parameter, string Advice)> Cases = new()
    {
        ["ArcComparator.Similarity(null, x)"] = (d => Comparator().Similarity(null!, zeros(1, 32, 32)), "first", "cannot be null"),
        ["ArcComparator.ReadImages(null)"] = (d => Comparator().ReadImages(null!), "paths", "cannot be null"),
        ["ArcComparator.ReadImages()"] = (d => Comparator().ReadImages(), "paths", "at least one image path"),
        ["ArcComparator.ReadImages(a, null)"] = (d => Comparator().ReadImages("a.png", null!), "paths", "paths[1] is null; give the path of an image file"),
        ["ArcComparator.ReadImages(\" \")"] = (d => Comparator().ReadImages(" "), "paths", "paths[0] is blank"),
        ["ArcComparator.PixelMean = NaN"] = (d => Comparator().PixelMean = double.NaN, "value", "[0, 1] scale"),
        ["ArcComparator.Save(\"\")"] = (d => Comparator().Save(""), "path", "cannot be an empty string"),
        ["ArcComparator.Load(null path)"] = (d => ArcComparator.Load((string)null!), "path", "cannot be null"),
        ["ArcComparator.Load(null stream)"] = (d => ArcComparator.Load((Stream)null!), "stream", "cannot be null"),
        ["ArcComparator.Load(folder)"] = (d => ArcComparator.Load(Folder), "path", "is a folder"),
        ["new ArcComparator(HiddenSize 0)"] = (d => _ = new ArcComparator(Small with { HiddenSize = 0 }), "HiddenSize", "between 1 and 16384"),
        ["new OneShotClassifier(null)"] = (d => _ = new OneShotClassifier(null!), "comparator", "cannot be null"),
        ["OneShotClassifier.Classify(q, s, labels of another count)"] = (
            d => new OneShotClassifier(Comparator()).Classify(zeros(1, 32, 32), zeros(2, 32, 32), ["a"]), "supportLabels", "one label per image"),
        ["OneShotEvaluator.WithinGroupEpisodes(ways 1)"] = (
            d => OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(Comparator()), d.All, ways: 1, episodes: 1), "ways", "must be greater than or equal to '2'"),
        ["ImageDataset.Load([null])"] = (d => ImageDataset.Load([(string)null!]), "sources", "give folders or .zip files"),
        ["ImageDataset.Load([(name, null)])"] = (d => ImageDataset.Load([("x.zip", (Stream)null!)]), "archives", "give each zip stream with a name"),
        ["ImageDataset.Load(ImageSize 0)"] = (d => ImageDataset.Load("x", new ImagePreprocessing { ImageSize = 0 }), "ImageSize", "between 1 and 4096"),
        ["ImageDataset.Load(Channels 2)"] = (d => ImageDataset.Load("x", new ImagePreprocessing { Channels = 2 }), "Channels", "must be 1 (gray) or 3 (RGB)"),
        ["new ArcComparator(ImageChannels 4)"] = (d => _ = new ArcComparator(Small with { ImageChannels = 4 }), "ImageChannels", "must be 1 (gray) or 3 (RGB)"),
        ["ArcComparator.Preprocessing = undecided"] = (d => Comparator().Preprocessing = new ImagePreprocessing(), "value", "give a dataset's Preprocessing"),
        ["ArcComparator.Preprocessing = colour on a gray model"] = (
            d => Comparator().Preprocessing = new ImagePreprocessing { Channels = 3, InvertInk = false }, "value", "load the data with the model's ImageSize and ImageChannels"),
        ["ImageDataset.Images([-1])"] = (d => d.Images([-1]), "indices", "must be in [0,"),
        ["ImageSplit.ByGroup(unknown)"] = (d => ImageSplit.ByGroup(d.All, ["Klingon"]), "heldOutGroups", "it has:"),
        ["new PairSampler(meanPixel 255)"] = (d => _ = new PairSampler(d.All, seed: 0, meanPixel: 255), "meanPixel", "[0, 1] scale"),
        ["new PairSampler(one character)"] = (d => _ = new PairSampler(OneCharacter(d), seed: 0), "source", "two classes"),
        ["new PairAugmentation(meanPixel NaN)"] = (d => _ = new PairAugmentation(double.NaN), "meanPixel", "[0, 1] scale"),
        ["PairAugmentation.Apply(4-d, 3-d)"] = (d => new PairAugmentation(0).Apply(zeros(2, 1, 8, 8), zeros(2, 8, 8)), "second", "as PairSampler.Sample returns them"),
        ["new ArcTrainer(checkpoint \" \")"] = (d => _ = new ArcTrainer(Comparator(), d.All, d.All, Quick, " "), "checkpointPath", "give a file path, or null"),
        ["new ArcTrainer(checkpoint folder)"] = (d => _ = new ArcTrainer(Comparator(), d.All, d.All, Quick, Folder), "checkpointPath", "is a folder"),
        ["new ArcTrainer(validation of one character)"] = (d => _ = new ArcTrainer(Comparator(), d.All, OneCharacter(d), Quick), "validation", "cannot give same and different pairs"),
        ["new ArcTrainer(colour model, gray data)"] = (
            d => _ = new ArcTrainer(new ArcComparator(Small with { ImageChannels = 3 }), d.All, d.All, Quick), "train", "load the data with ImageSize 32 and Channels 3"),
        ["new ArcTrainer(options invalid)"] = (d => _ = new ArcTrainer(Comparator(), d.All, d.All, Quick with { BatchSize = 3 }), "BatchSize", "even number"),
        ["TorchRuntime.ParseDevice(\"gpu\")"] = (d => TorchRuntime.ParseDevice("gpu"), "name", "use cpu, cuda or cuda:N"),
    };

    private static string Folder => AppContext.BaseDirectory;

    private static ArcComparator Comparator() => new(Small);

    private static ImageSubset OneCharacter(ImageDataset d) => d.All.Where(i => d.ClassOf[i] == 0);

    private static ImageSubset ThreeDrawers(ImageDataset d) => d.All.Where(i => d.InstanceOf[i] < 3);

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_argument_is_refused_naming_the_parameter_and_the_fix(string name)
    {
        var (call, parameter, advice) = Cases[name];

        var error = ((Action)(() => call(data.Union))).Should().Throw<ArgumentException>().Which;

        error.ParamName.Should().Be(parameter);
        error.Message.Should().Contain(advice);
    }
}
