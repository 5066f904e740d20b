using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Tests.Data;
using ArcNet.Training;
using FluentAssertions;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Training;

/// <summary>
/// A collection that is not Omniglot's layout, built from real images: Omniglot characters (12 drawings each) redrawn in
/// blue ink, saved as RGB JPEGs into flat <c>&lt;class&gt;/&lt;image&gt;</c> folders, one to train on (Korean and Latin) and one of unseen
/// classes to evaluate on (Greek). ARC trains on it in colour, one-shot accuracy beats chance, and the saved model
/// reloads to score the same.
/// </summary>
[Collection(GlobalRandomState.Name)]
public sealed class ImageFolderTrainingTests(ITestOutputHelper output) : IDisposable
{
    private const int Ways = 5;

    private readonly string _root = OmniglotTestData.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes each character of <paramref name="alphabets"/> as a class folder of JPEGs named like a camera's.</summary>
    private string Folder(string name, params string[] alphabets)
    {
        var characters = alphabets.SelectMany(alphabet => Enumerable.Range(1, 20).Select(c => $"{alphabet}/character{c:D2}"));
        return ImageFolders.Write(Path.Combine(_root, name), characters.SelectMany(character =>
            ImageFolders.Drawings(character, 12).Select((drawing, i) =>
                ($"{character.Replace('/', '-')}/IMG_{i + 1:D4}.jpg", ImageFolders.Character(drawing, Format.Jpeg, blueInk: true)))));
    }

    [Fact]
    public void Arc_trains_on_a_folder_of_colour_jpegs_and_one_shot_beats_chance_on_unseen_classes()
    {
        using var data = ImageDataset.Load(Folder("train", "Korean", "Latin"), new ImagePreprocessing { Channels = 3 });
        using var unseen = ImageDataset.Load(Folder("unseen", "Greek"), data.Preprocessing);
        var (train, validation) = ImageSplit.ByInstance(data.All);
        using var comparator = new ArcComparator(LearnableArc.Model with { ImageChannels = 3 }, seed: 1);
        using (var trainer = new ArcTrainer(comparator, train, validation, LearnableArc.Training with { MaxSteps = 400, ValidateEvery = 100 }))
            trainer.Run();

        var naive = OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(comparator), unseen.All, Ways, episodes: 60, seed: 3);
        output.WriteLine($"{Ways}-way one-shot on unseen classes: {naive.Accuracy:P1} ± {naive.ConfidenceHalfWidth:P1} (chance {naive.Chance:P0})");

        data.GroupNames.Should().Equal([""], "the folder has no groups: episodes run across all its classes");
        comparator.Preprocessing.Should().Be(new ImagePreprocessing { Channels = 3, InvertInk = true }, "blue ink on white paper is inverted");
        (naive.Accuracy - naive.ConfidenceHalfWidth).Should().BeGreaterThan(naive.Chance);

        string path = Path.Combine(_root, "photos.arc");
        comparator.Save(path);
        using var loaded = ArcComparator.Load(path);
        using var scope = torch.NewDisposeScope();
        var images = loaded.ReadImages(Directory.GetFiles(Path.Combine(_root, "unseen", "Greek-character01")).Order().Take(4).ToArray());
        loaded.Preprocessing.Should().Be(comparator.Preprocessing);
        loaded.Similarity(images[..2], images[2..]).allclose(comparator.Similarity(images[..2], images[2..]), rtol: 0, atol: 0).Should().BeTrue();
        var again = OneShotEvaluator.WithinGroupEpisodes(new OneShotClassifier(loaded), unseen.All, Ways, episodes: 60, seed: 3);
        again.Correct.Should().Be(naive.Correct);
    }
}
