namespace PassthroughWeb.Core.Changes;

/// <summary>
/// An option a plan was made with that its files and commands may not show on their own (a VM's memory, a chosen
/// extra device …): part of the plan's identity, so applying with other options is applying another plan.
/// Only its hash is kept, as a value may be private.
/// </summary>
public sealed record PlanInput(string Name, string Value);
