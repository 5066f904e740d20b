using ArcNet.OneShot;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.OneShot;

[Collection(GlobalRandomState.Name)]
public class OneShotClassifierTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 32, GlimpsesPerImage = 2 };

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("arcnet-oneshot").FullName, name);

    [Fact]
    public void Permuting_the_naive_support_set_permutes_the_scores_and_keeps_the_prediction()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 1);
        using var random = new Generator(1);
        var classifier = new OneShotClassifier(comparator);
        var queries = randn(3, 32, 32, generator: random);
        var support = randn(6, 32, 32, generator: random);
        string[] labels = ["a", "b", "c", "d", "e", "f"];
        int[] order = [4, 2, 5, 0, 3, 1];

        var scores = classifier.Scores(queries, support);
        var permuted = classifier.Scores(queries, support.index_select(0, tensor(order.Select(i => (long)i).ToArray())));

        permuted.allclose(scores.index_select(1, tensor(order.Select(i => (long)i).ToArray())), atol: 1e-6).Should().BeTrue();
        classifier.Classify(queries, support, labels).Select(p => p.Label)
            .Should().Equal(classifier.Classify(queries, support.index_select(0, tensor(order.Select(i => (long)i).ToArray())), order.Select(i => labels[i]).ToArray()).Select(p => p.Label));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_one_class_support_set_always_predicts_that_class(bool fullContext)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 2);
        using var random = new Generator(2);
        using var context = fullContext ? new FullContextArc(Small.HiddenSize, seed: 2) : null;
        var classifier = new OneShotClassifier(comparator, context);

        var predictions = classifier.Classify(randn(5, 32, 32, generator: random), randn(3, 32, 32, generator: random), ["only", "only", "only"]);

        predictions.Should().HaveCount(5).And.AllSatisfy(p => p.Label.Should().Be("only"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Batched_and_one_by_one_classification_agree(bool fullContext)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 3);
        using var random = new Generator(3);
        using var context = fullContext ? new FullContextArc(Small.HiddenSize, seed: 3) : null;
        var classifier = new OneShotClassifier(comparator, context);
        var queries = randn(4, 32, 32, generator: random);
        var support = randn(5, 32, 32, generator: random);

        var batched = classifier.Scores(queries, support);

        for (int q = 0; q < 4; q++)
            classifier.Scores(queries[q..(q + 1)], support).allclose(batched[q..(q + 1)], atol: 1e-5).Should().BeTrue($"query {q}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Averaging_flips_scores_the_mean_of_the_pair_as_given_and_flipped_together(bool fullContext)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 4);
        using var random = new Generator(4);
        using var context = fullContext ? new FullContextArc(Small.HiddenSize, seed: 4) : null;
        var plain = new OneShotClassifier(comparator, context);
        var flipping = new OneShotClassifier(comparator, context) { AverageFlips = true };
        var queries = randn(3, 32, 32, generator: random);
        var support = randn(4, 32, 32, generator: random);
        long[][] flips = [[2], [1], [1, 2]];                                                     // (B, A, A): W, H, both

        var expected = flips.Aggregate(plain.Scores(queries, support), (sum, dims) => sum + plain.Scores(queries.flip(dims), support.flip(dims))) / 4;

        flipping.Scores(queries, support).allclose(expected, atol: 1e-6).Should().BeTrue();
        plain.Scores(queries, support).allclose(expected, atol: 1e-3).Should().BeFalse("an untrained ARC reads a flipped pair otherwise, so the average differs from the pair as given");
    }

    [Fact]
    public void Full_context_scores_are_a_distribution_over_the_support_set()
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small, seed: 4);
        using var random = new Generator(4);
        using var context = new FullContextArc(Small.HiddenSize, seed: 4);

        var scores = new OneShotClassifier(comparator, context).Scores(randn(3, 32, 32, generator: random), randn(7, 32, 32, generator: random));

        scores.shape.Should().Equal(3, 7);
        scores.sum(1).allclose(ones(3), atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void A_comparator_file_is_not_taken_for_a_context_model()
    {
        string path = TempFile("model.arc");
        using (var comparator = new ArcComparator(Small))
            comparator.Save(path);

        var load = () => FullContextArc.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage("*comparator*not a Full Context*");
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "empty support", "*support set is empty*" },
        { "label count", "*5 images but 4 labels*" },
        { "support size", "*28 x 28 images but the model takes 32 x 32*" },
        { "query rank", "*rank 2*" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_with_a_message_naming_the_problem(string problem, string message)
    {
        using var scope = NewDisposeScope();
        using var comparator = new ArcComparator(Small);
        var classifier = new OneShotClassifier(comparator);
        var (queries, support, labels) = problem switch
        {
            "empty support" => (zeros(2, 32, 32), zeros(0, 32, 32), Array.Empty<int>()),
            "label count" => (zeros(2, 32, 32), zeros(5, 32, 32), new[] { 1, 2, 3, 4 }),
            "support size" => (zeros(2, 32, 32), zeros(3, 28, 28), new[] { 1, 2, 3 }),
            _ => (zeros(32, 32), zeros(3, 32, 32), new[] { 1, 2, 3 }),
        };

        var classify = () => classifier.Classify(queries, support, labels);

        classify.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void A_context_model_for_another_comparator_size_is_refused()
    {
        using var comparator = new ArcComparator(Small);
        using var context = new FullContextArc(64);

        var build = () => new OneShotClassifier(comparator, context);

        build.Should().Throw<ArgumentException>().WithMessage("*64-unit*comparator makes 32*");
    }

    [Fact]
    public void Residual_full_context_starts_as_the_naive_method_its_scores_the_softmax_of_the_similarity_logits()
    {
        using var scope = NewDisposeScope();
        // With metric evidence, so the logit the context model corrects is the whole comparator's, embedding included.
        using var comparator = new ArcComparator(TinyModels.Lite, seed: 7);
        using var random = new Generator(7);
        using var context = new FullContextArc(TinyModels.Lite.HiddenSize, seed: 7);
        var queries = randn(3, 32, 32, generator: random);
        var support = randn(5, 32, 32, generator: random);

        var naive = new OneShotClassifier(comparator).Scores(queries, support);                  // sigmoid of the logits
        var full = new OneShotClassifier(comparator, context).Scores(queries, support);

        full.allclose(naive.logit().softmax(-1), atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void Full_context_refuses_a_prototypical_comparator_which_has_no_controller_states_to_read()
    {
        using var comparator = new ArcComparator(TinyModels.Prototypical);
        using var context = new FullContextArc(representationSize: 8);

        var build = () => new OneShotClassifier(comparator, context);

        build.Should().Throw<ArgumentException>().WithMessage("The comparator is a prototypical network (16-channel trunk), which has no controller states for Full Context ARC to read; use an ARC comparator.*")
            .Which.ParamName.Should().Be("comparator");
    }
}
