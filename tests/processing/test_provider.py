"""Every algorithm the provider lists has the boilerplate Processing needs."""

from bluecarbon.processing.algorithms import ALGORITHMS


def test_provider_identity(provider) -> None:
    """The provider is `bluecarbon` / "Blue Carbon" with an icon."""
    assert provider.id() == "bluecarbon"
    assert provider.name() == "Blue Carbon"
    assert not provider.icon().isNull()


def test_every_algorithm_is_loaded_and_documented(provider) -> None:
    """One algorithm per ALGORITHMS entry, each with id, group, help and a fresh createInstance."""
    algorithms = provider.algorithms()
    assert len(algorithms) == len(ALGORITHMS)
    for algorithm in algorithms:
        assert algorithm.id().startswith("bluecarbon:")
        assert algorithm.displayName() and algorithm.group() and algorithm.groupId()
        assert algorithm.shortHelpString(), f"{algorithm.id()} has no HELP"
        assert type(algorithm.createInstance()) is type(algorithm)
