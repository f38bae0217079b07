/// Webhook bodies built from the services' documented examples (trimmed to the fields that matter, shapes kept).
enum ExamplePayloads {
    /// GitHub's documented `push` event payload (docs.github.com, "Webhook events and payloads", push).
    static let githubPush = """
        {"ref":"refs/heads/main","before":"6113728f27ae82c7b1a177c8d03f9e96e0adf246","after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",\
        "repository":{"id":35129377,"name":"public-repo","full_name":"baxterthehacker/public-repo","private":false,\
        "owner":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com"},\
        "html_url":"https://github.com/baxterthehacker/public-repo","default_branch":"main"},\
        "pusher":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com"},\
        "created":false,"deleted":false,"forced":false,"compare":"https://github.com/baxterthehacker/public-repo/compare/9049f1265b7d...0d1a26e67d8f",\
        "commits":[{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Update README.md","timestamp":"2015-05-05T19:40:15-04:00",\
        "author":{"name":"baxterthehacker","email":"baxterthehacker@users.noreply.github.com","username":"baxterthehacker"},\
        "added":[],"removed":[],"modified":["README.md"]}],\
        "head_commit":{"id":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","message":"Update README.md"}}
        """

    /// GitHub's documented `ping` event payload.
    static let githubPing = """
        {"zen":"Keep it logically awesome.","hook_id":30,"hook":{"type":"Repository","id":30,"active":true,"events":["push"]}}
        """

    /// GitLab's documented "Push Hook" payload (docs.gitlab.com, "Webhook events", push events).
    static let gitlabPush = """
        {"object_kind":"push","event_name":"push","before":"95790bf891e76fee5e1747ab589903a6a1f80f22",\
        "after":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","ref":"refs/heads/master","ref_protected":true,\
        "checkout_sha":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","user_id":4,"user_name":"John Smith","user_username":"jsmith",\
        "project_id":15,"project":{"id":15,"name":"Diaspora","path_with_namespace":"mike/diaspora","default_branch":"master",\
        "git_http_url":"http://example.com/mike/diaspora.git"},\
        "commits":[{"id":"da1560886d4f094c3e6c9ef40349f7d38b5d27d7","message":"fixed readme","title":"fixed readme",\
        "timestamp":"2012-01-03T23:36:29+02:00","author":{"name":"GitLab dev user","email":"gitlabdev@dv6700.(none)"},\
        "added":["CHANGELOG"],"modified":["app/controller/application.rb"],"removed":[]}],"total_commits_count":1}
        """

    /// Bitbucket Server's documented `repo:refs_changed` payload (confluence.atlassian.com, "Event payload").
    static let bitbucketPush = """
        {"eventKey":"repo:refs_changed","date":"2017-09-19T09:58:11+1000",\
        "actor":{"name":"admin","emailAddress":"admin@example.com","id":1,"displayName":"Administrator","active":true,"slug":"admin","type":"NORMAL"},\
        "repository":{"slug":"repository","id":84,"name":"repository","scmId":"git","state":"AVAILABLE","forkable":true,\
        "project":{"key":"PROJ","id":84,"name":"project","public":false,"type":"NORMAL"},"public":false},\
        "changes":[{"ref":{"id":"refs/heads/master","displayId":"master","type":"BRANCH"},"refId":"refs/heads/master",\
        "fromHash":"ecddabb624f6f5ba43816f5926e580a5f680a932","toHash":"178864a7d521b6f5e720b386b2c2b0ef8563e0dc","type":"UPDATE"}]}
        """
}
