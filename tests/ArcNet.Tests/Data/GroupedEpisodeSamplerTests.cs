using ArcNet.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Data;

[Collection(OmniglotCollection.Name)]
public sealed class GroupedEpisodeSamplerTests(OmniglotTestData data)
{
    private const int Groups = 3, GroupSize = 4;

    private readonly ImageDataset _union = data.Union;

    /// <summary>Episodes of 3 groups of 4 characters, drawn with <paramref name="seed"/>.</summary>
    private IEnumerable<(int[] Support, int[] Queries)> Episodes(int seed)
    {
        var sampler = new GroupedEpisodeSampler(_union.All, Groups, GroupSize, seed);
        return Enumerable.Range(0, 20).Select(_ => sampler.Next());
    }

    [Fact]
    public void An_episode_has_no_character_twice_and_each_group_comes_from_one_alphabet()
    {
        foreach (var (support, queries) in Episodes(seed: 1))
        {
            support.Select(image => _union.ClassOf[image]).Distinct().Should().HaveCount(Groups * GroupSize);
            for (int g = 0; g < Groups; g++)
            {
                var group = support[(g * GroupSize)..((g + 1) * GroupSize)].Concat(queries[(g * GroupSize)..((g + 1) * GroupSize)]);
                group.Select(image => _union.GroupOf[image]).Distinct().Should().ContainSingle($"group {g} is one alphabet");
            }
        }
    }

    [Fact]
    public void A_characters_query_is_another_drawing_of_it_by_another_drawer()
    {
        foreach (var (support, queries) in Episodes(seed: 2))
        {
            queries.Should().HaveCount(support.Length);
            for (int k = 0; k < support.Length; k++)
            {
                _union.ClassOf[queries[k]].Should().Be(_union.ClassOf[support[k]]);
                _union.InstanceOf[queries[k]].Should().NotBe(_union.InstanceOf[support[k]]);
            }
        }
    }

    [Fact]
    public void The_same_seed_draws_the_same_episodes()
    {
        Episodes(seed: 3).Zip(Episodes(seed: 3)).Should().AllSatisfy(pair =>
        {
            pair.First.Support.Should().Equal(pair.Second.Support);
            pair.First.Queries.Should().Equal(pair.Second.Queries);
        });
    }

    [Fact]
    public void Data_that_cannot_fill_the_groups_is_refused_with_the_way_out()
    {
        var sample = () => new GroupedEpisodeSampler(_union.All, groups: 1000, GroupSize, seed: 0);

        sample.Should().Throw<ArgumentException>().WithMessage("*cannot fill 1000 groups of 4 distinct characters; use fewer or smaller groups*");
    }
}
