using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Data;

/// <summary>
/// README's "Your own images" in C#: its code block, compiled and run here on folders of JPEG class folders, and
/// compared with the README word for word.
/// </summary>
[Collection(GlobalRandomState.Name)]
public sealed class ReadmeImageFolderExampleTests : IDisposable
{
    private const string Section = "## Your own images";

    private readonly string _root = OmniglotTestData.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Classes(string name, params string[] characters) =>
        ImageFolders.Write(Path.Combine(_root, name), characters.SelectMany(character =>
            ImageFolders.Drawings(character, 6).Select((drawing, i) =>
                ($"{character.Replace('/', '-')}/{i + 1}.jpg", ImageFolders.Character(drawing, Format.Jpeg, blueInk: true)))));

    [Fact]
    public void The_example_trains_evaluates_compares_and_classifies_a_folder_of_jpegs()
    {
        string trainFolder = Classes("train", Enumerable.Range(1, 6).Select(c => $"Korean/character{c:D2}").ToArray());
        string testFolder = Classes("test", "Greek/character01", "Greek/character02", "Greek/character03", "Greek/character04", "Greek/character05");
        string supportFolder = Path.Combine(_root, "support");
        Directory.CreateDirectory(supportFolder);
        File.Copy(Path.Combine(testFolder, "Greek-character01", "1.jpg"), Path.Combine(supportFolder, "alpha.jpg"));
        File.Copy(Path.Combine(testFolder, "Greek-character02", "1.jpg"), Path.Combine(supportFolder, "beta.jpg"));
        string[] files = [Path.Combine(testFolder, "Greek-character01", "2.jpg"), Path.Combine(testFolder, "Greek-character02", "2.jpg")];
        string modelFile = Path.Combine(_root, "glyphs.arc");
        int steps = 2;

        // README usage begins
        // Train on a folder of class folders (<class>/<image>, or <group>/<class>/<image>), here in colour.
        using var data = ImageDataset.Load(trainFolder, new ImagePreprocessing { Channels = 3 });
        var (train, validation) = ImageSplit.ByInstance(data.All);              // a fifth of each class's images validate
        using var comparator = new ArcComparator(new PlainArcOptions { ImageChannels = 3, HiddenSize = 64 });
        using (var trainer = new ArcTrainer(comparator, train, validation, new TrainingOptions { MaxSteps = steps }))
            trainer.Run();                                                      // the comparator takes the data's preprocessing
        comparator.Save(modelFile);                                             // ... and keeps it in the model file

        // One-shot accuracy on unseen classes, loaded the way the model reads images.
        using var unseen = ImageDataset.Load(testFolder, comparator.Preprocessing);
        var classifier = new OneShotClassifier(comparator);
        var result = OneShotEvaluator.WithinGroupEpisodes(classifier, unseen.All, ways: 5, episodes: 20);

        // Any image files, prepared as the training images were: (2, 3, 32, 32).
        using var images = comparator.ReadImages(files[0], files[1]);
        using var similarity = comparator.Similarity(images[0..1], images[1..2]);

        // Queries against a support folder: one image per class (alpha.jpg) or a folder per class (alpha/1.jpg).
        using var support = SupportSet.Load(supportFolder, comparator);
        foreach (var prediction in classifier.Classify(files, support))
            Console.WriteLine($"{prediction.Label} {prediction.Scores.Max(s => s.Value):0.000}");
        // README usage ends

        comparator.Preprocessing.Should().Be(new ImagePreprocessing { Channels = 3, InvertInk = true });
        using (var reloaded = ArcComparator.Load(modelFile))
            reloaded.Preprocessing.Should().Be(comparator.Preprocessing);
        (result.Ways, result.Queries).Should().Be((5, 100));
        images.shape.Should().Equal(2, 3, 32, 32);
        support.Classes.Should().Equal("alpha", "beta");
    }

    [Fact]
    public void The_readme_shows_the_code_that_runs_here()
    {
        ReadmeCode.Blocks(Section).Should().Equal(ReadmeCode.Usage(Path.Combine("Data", "ReadmeImageFolderExampleTests.cs")));
    }
}
