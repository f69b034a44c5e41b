using System;

namespace AutoDiff
{
    /// <summary>
    /// Asks for a forward-mode derivative of the method it stands on, generated as <see cref="Name"/>
    /// in the same type: one activity per parameter, then one for the return value (none for void).
    /// With a <see cref="Width"/> above 1 it is batch (vector) forward mode: every shadow comes
    /// <see cref="Width"/> times.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class AutoDiffForwardAttribute : Attribute
    {
        public AutoDiffForwardAttribute(string name, params Activity[] activities)
            : this(name, 1, activities)
        {
        }

        public AutoDiffForwardAttribute(string name, int width, params Activity[] activities)
        {
            Name = name;
            Width = width;
            Activities = activities;
        }

        /// <summary>The name of the generated derivative method.</summary>
        public string Name { get; }

        /// <summary>How many tangents travel together (1 for plain forward mode).</summary>
        public int Width { get; }

        /// <summary>The activities of the parameters, in order, then of the return value.</summary>
        public Activity[] Activities { get; }

        /// <summary>The activity of <c>this</c> for an instance method: <see cref="Activity.Const"/> or <see cref="Activity.Dual"/>.</summary>
        public Activity This { get; set; }
    }
}
