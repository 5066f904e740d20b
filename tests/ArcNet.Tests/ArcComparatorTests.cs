using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.Runtime;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests;

[Collection(GlobalRandomState.Name)]
public class ArcComparatorTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 64, GlimpsesPerImage = 4 };

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("arcnet-test").FullName, name);

    [Fact]
    public void Similarity_returns_an_ordinary_tensor_though_it_runs_in_inference_mode()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 3);
        using var random = new Generator(3);
        var similarity = comparator.Similarity(randn(2, 1, 32, 32, generator: random), randn(2, 1, 32, 32, generator: random));

        var act = () => similarity.mul_(2);
        act.Should().NotThrow("callers may modify the result in place");
    }

    public static TheoryData<string> ModelKinds => new(TinyModels.All.Keys);

    [Theory]
    [MemberData(nameof(ModelKinds))]
    public void A_comparator_loaded_inside_a_dispose_scope_keeps_its_weights_when_the_scope_ends(string model)
    {
        string path = TempFile("model.arc");
        using (var trained = new ArcComparator(TinyModels.All[model], seed: 5))
            trained.Save(path);

        ArcComparator loaded;
        using (NewDisposeScope())
            loaded = ArcComparator.Load(path);

        using (loaded)
        using (var reference = ArcComparator.Load(path))
        {
            loaded.Network.state_dict().Keys.Should().Equal(reference.Network.state_dict().Keys);
            using var random = new Generator(5);
            using var first = rand(3, 1, 32, 32, generator: random);
            using var second = rand(3, 1, 32, 32, generator: random);
            using var similarity = loaded.Similarity(first, second);
            using var expected = reference.Similarity(first, second);
            similarity.allclose(expected).Should().BeTrue();
        }
    }

    [Fact]
    public void Reading_a_folder_as_an_image_is_refused_as_a_folder()
    {
        using var comparator = new ArcComparator(Small);
        string folder = Directory.CreateTempSubdirectory("arcnet-test").FullName;

        var read = () => comparator.ReadImages(folder);

        read.Should().ThrowExactly<ArgumentException>().WithMessage($"'{folder}' is a folder, not an image file*");
    }

    [Fact]
    public void The_papers_plain_arc_has_1_085_441_parameters()
    {
        using var comparator = new ArcComparator();

        comparator.ParameterCount.Should().Be(1_085_441);
    }

    [Fact]
    public void Convarc_has_about_1_8_million_parameters()
    {
        using var comparator = new ArcComparator(new ConvArcOptions());

        comparator.ParameterCount.Should().BeInRange(1_750_000, 1_850_000);
    }

    [Fact]
    public void State_dict_keys_are_clean()
    {
        using var comparator = new ArcComparator();

        comparator.Network.state_dict().Keys.Should().BeEquivalentTo(
            "controller.glimpse_parameters.linear.weight", "controller.lstm.weight", "controller.lstm.bias", "head.score.weight", "head.score.bias");
    }

    [Theory]
    [MemberData(nameof(TestDevices.All), MemberType = typeof(TestDevices))]
    public void Similarity_gives_one_probability_per_pair_on_the_models_device(string deviceName)
    {
        using var scope = NewDisposeScope();
        var device = TestDevices.Get(deviceName);
        using var comparator = new ArcComparator(Small, device);
        using var random = new Generator(4);

        var similarity = comparator.Similarity(randn(5, 32, 32, generator: random).to(device), randn(5, 1, 32, 32, generator: random).to(device));

        similarity.shape.Should().Equal(5);
        DeviceChoice.Same(similarity.device, device).Should().BeTrue();
        similarity.data<float>().ToArray().Should().AllSatisfy(p => p.Should().BeInRange(0f, 1f));
    }

    [Theory]
    [MemberData(nameof(TestDevices.All), MemberType = typeof(TestDevices))]
    public void Convarc_compares_pairs_too(string deviceName)
    {
        using var scope = NewDisposeScope();
        var device = TestDevices.Get(deviceName);
        using var comparator = new ArcComparator(new ConvArcOptions { GlimpsesPerImage = 2, HiddenSize = 32 }, device);
        using var random = new Generator(5);

        comparator.Similarity(randn(3, 32, 32, generator: random).to(device), randn(3, 32, 32, generator: random).to(device)).shape.Should().Equal(3);
    }

    [Fact]
    public void In_eval_mode_a_pairs_similarity_does_not_depend_on_the_rest_of_the_batch()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(new ConvArcOptions { GlimpsesPerImage = 2, HiddenSize = 32 }, seed: 3);
        using var random = new Generator(3);
        var first = randn(6, 32, 32, generator: random);
        var second = randn(6, 32, 32, generator: random);

        var together = comparator.Similarity(first, second);
        var alone = comparator.Similarity(first[2..3], second[2..3]);

        alone[0].item<float>().Should().BeApproximately(together[2].item<float>(), 1e-5f);
    }

    [Fact]
    public void Averaging_both_orders_is_symmetric_and_the_mean_of_the_two_orders()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 5);
        using var random = new Generator(5);
        var a = randn(4, 32, 32, generator: random);
        var b = randn(4, 32, 32, generator: random);

        var both = comparator.Similarity(a, b, bothOrders: true);

        both.allclose(comparator.Similarity(b, a, bothOrders: true), atol: 1e-6).Should().BeTrue();
        both.allclose((comparator.Similarity(a, b) + comparator.Similarity(b, a)) / 2, atol: 1e-6).Should().BeTrue();
        comparator.Similarity(a, b).allclose(comparator.Similarity(b, a), atol: 1e-4).Should().BeFalse("ARC reads a pair in one order");
    }

    private static readonly Dictionary<string, ComparatorOptions> Models = new()
    {
        ["plain ARC, tanh map"] = Small with { BoundedWindow = true },
        ["ConvARC"] = TinyModels.Conv,
        // Settings that shape no weight and live only in the file's options.
        ["ConvARC-lite"] = TinyModels.Lite with { AttendedBlocks = 1, ControllerShare = 0.3 },
        ["prototypical"] = TinyModels.Prototypical,
    };

    public static TheoryData<string> ModelNames => new(Models.Keys);

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Save_then_load_gives_bit_identical_similarities_and_settings(string model)
    {
        using var scope = NewDisposeScope();
        string path = TempFile("model.arc");
        var options = Models[model];
        using var saved = new ArcComparator(options, seed: 1) { PixelMean = 0.0812 };
        using var random = new Generator(1);
        var a = randn(4, 1, 32, 32, generator: random);
        var b = randn(4, 1, 32, 32, generator: random);
        // Batches in training mode move batch norm's and the similarity mix's running statistics off their initial values.
        using (no_grad())
        {
            saved.Network.train();
            for (int i = 0; i < 3; i++)
                saved.Network.call(a, b);
            saved.Network.eval();
        }

        saved.Save(path);
        using var loaded = ArcComparator.Load(path);

        loaded.Options.Should().Be(options);
        loaded.PixelMean.Should().Be(0.0812);
        loaded.Similarity(a, b).data<float>().ToArray().Should().Equal(saved.Similarity(a, b).data<float>().ToArray());
        foreach (var (name, state) in saved.Network.state_dict())
            loaded.Network.state_dict()[name].bytes.ToArray().Should().Equal(state.bytes.ToArray(), name);
    }

    [Fact]
    public void A_prototypical_comparator_finds_pairs_the_more_similar_the_closer_their_embeddings()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(TinyModels.Prototypical, seed: 3);
        using var random = new Generator(3);
        var a = randn(8, 1, 32, 32, generator: random);
        var b = randn(8, 1, 32, 32, generator: random);
        var network = comparator.Network;

        var similarity = comparator.Similarity(a, b);
        var distance = Inference.Evaluating(network, () => PrototypicalNetwork.Distance(network.Encode(a), network.Encode(b)));

        similarity.argsort().data<long>().ToArray().Should().Equal(distance.argsort(descending: true).data<long>().ToArray());
    }

    [Fact]
    public void Preprocessing_and_colour_round_trip_through_the_model_file()
    {
        using var scope = NewDisposeScope();
        string path = TempFile("colour.arc");
        var options = Small with { ImageChannels = 3 };
        var photos = new ImagePreprocessing { Channels = 3, InvertInk = false };
        using var saved = new ArcComparator(options, seed: 1) { PixelMean = 0.45, Preprocessing = photos };
        using var random = new Generator(2);
        var a = rand(4, 3, 32, 32, generator: random);
        var b = rand(4, 3, 32, 32, generator: random);

        saved.Save(path);
        using var loaded = ArcComparator.Load(path);

        loaded.Options.Should().Be(options);
        loaded.Preprocessing.Should().Be(photos);
        loaded.PixelMean.Should().Be(0.45);
        loaded.Similarity(a, b).allclose(saved.Similarity(a, b), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Theory]
    [InlineData("plain ARC")]
    [InlineData("ConvARC")]
    [InlineData("ConvARC-lite")]
    [InlineData("prototypical network")]
    public void A_colour_comparator_takes_rgb_images_and_refuses_gray_ones(string model)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(TinyModels.All[model] with { ImageChannels = 3 });
        var rgb = zeros(2, 3, 32, 32);

        comparator.Similarity(rgb, rgb).shape.Should().Equal(2);
        var gray = () => comparator.Similarity(rgb, zeros(2, 32, 32));
        var oneChannel = () => comparator.Similarity(rgb, zeros(2, 1, 32, 32));
        gray.Should().Throw<ArgumentException>().WithMessage("*shaped (B, 3, 32, 32)*");
        oneChannel.Should().Throw<ArgumentException>().WithMessage("*3 channels (RGB); got 1*");
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "rank", "*rank 2*" },
        { "size", "*28 x 28 images but the model takes 32 x 32*" },
        { "dtype", "*dtype Int64*float32*" },
        { "batch", "*3 images but 'second' holds 2*" },
        { "nan", "*NaN or infinite*" },
        { "channels", "*one channel; got 3*" },
        { "empty", "*empty batch*" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_with_a_message_naming_the_problem(string problem, string message)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small);
        var good = zeros(3, 32, 32);
        var bad = problem switch
        {
            "rank" => zeros(32, 32),
            "size" => zeros(3, 28, 28),
            "dtype" => zeros(3, 32, 32, dtype: int64),
            "batch" => zeros(2, 32, 32),
            "nan" => full(3, 32, 32, float.NaN),
            "channels" => zeros(3, 3, 32, 32),
            _ => zeros(0, 32, 32),
        };

        var compare = () => comparator.Similarity(good, bad);

        compare.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Forward_leaves_no_live_tensors_behind()
    {
        using var comparator = new ArcComparator(Small);
        using var random = new Generator(6);
        using var a = randn(4, 32, 32, generator: random);
        using var b = randn(4, 32, 32, generator: random);
        comparator.Similarity(a, b).Dispose();   // warm-up: lazily created state
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        comparator.Similarity(a, b).Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void A_training_step_leaves_no_live_tensors_behind()
    {
        using var comparator = new ArcComparator(Small);
        var network = comparator.Network;
        network.train();
        using var optimizer = optim.Adam(network.parameters(), 1e-3);
        using var random = new Generator(7);
        using var a = randn(4, 1, 32, 32, generator: random);
        using var b = randn(4, 1, 32, 32, generator: random);
        using var target = tensor(new float[] { 1, 0, 1, 0 });
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.binary_cross_entropy_with_logits(network.call(a, b), target).backward();
            optimizer.step();
        }
        Step();   // warm-up: Adam creates its moment buffers on the first step
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Step();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }
}
