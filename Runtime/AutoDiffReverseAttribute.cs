using System;

namespace AutoDiff
{
    /// <summary>
    /// Asks for a reverse-mode derivative of the method it stands on, generated as <see cref="Name"/>
    /// in the same type: one activity per parameter, then one for the return value (none for void).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class AutoDiffReverseAttribute : Attribute
    {
        public AutoDiffReverseAttribute(string name, params Activity[] activities)
        {
            Name = name;
            Activities = activities;
        }

        /// <summary>The name of the generated derivative method.</summary>
        public string Name { get; }

        /// <summary>The activities of the parameters, in order, then of the return value.</summary>
        public Activity[] Activities { get; }

        /// <summary>The activity of <c>this</c> for an instance method: <see cref="Activity.Const"/> or <see cref="Activity.Duplicated"/>.</summary>
        public Activity This { get; set; }
    }
}
