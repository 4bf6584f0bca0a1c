namespace PassthroughWeb.Core.Transport;

/// <summary>Either a plan to listen by, or the reason there is none.</summary>
public sealed record ListenDecision
{
    private ListenDecision(ListenPlan? plan, ListenRefusal? refusal)
    {
        Plan = plan;
        Refusal = refusal;
    }

    public ListenPlan? Plan { get; }

    public ListenRefusal? Refusal { get; }

    public static ListenDecision Planned(ListenPlan plan) => new(plan, null);

    public static ListenDecision Refused(ListenRefusalReason reason, string message) => new(null, new ListenRefusal(reason, message));
}
